/// The outcome of one hop: the session to store, its reply, and the effects to apply
/// with it.
public struct Step: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A new session (or one that had expired) at its first screen.
        case started
        /// An existing session moved on.
        case advanced
        /// A retried or late hop: the stored reply again, nothing to store.
        case repeated
    }

    public var kind: Kind
    public var session: Session
    public var effects: [Effect]

    public init(kind: Kind, session: Session, effects: [Effect]) {
        self.kind = kind
        self.session = session
        self.effects = effects
    }

    public var reply: Reply { session.reply }
}
