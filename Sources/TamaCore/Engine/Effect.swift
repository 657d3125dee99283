/// A change a hop makes outside its session. The engine only describes it; the store
/// applies it in the same transaction as the session, before the phone gets its reply.
/// The caller's phone and the time come with the hop, so they are not repeated here.
public enum Effect: Sendable, Equatable {
    case setLanguage(Language)
    /// Join a campaign. It does not lift a STOP: only ``optIn`` does.
    case subscribe(campaign: String)
    case unsubscribe(campaign: String)
    case answerQuiz(quiz: String, question: String, choice: String)
    case askQuestion(CitizenQuestion)
    /// Opt out of everything (STOP): no broadcast reaches the number until it opts in.
    case optOut
    /// Lift a STOP: the person texted JOIN or START, which the STOP reply names as the
    /// way back. Joining one campaign by a menu must not quietly bring back the others.
    case optIn
    /// The help text went out now; see ``SMSResponder/helpInterval``.
    case rememberHelpReply
}

/// A question from a citizen to the elected officials of a commune.
public struct CitizenQuestion: Sendable, Equatable {
    /// The reference the citizen is shown and officials answer with (`R 123 …`).
    public var number: Int
    public var commune: String
    public var topic: String
    public var text: String
    /// True unless the citizen chose to give their name: people fear speaking out.
    public var anonymous: Bool

    public init(number: Int, commune: String, topic: String, text: String, anonymous: Bool) {
        self.number = number
        self.commune = commune
        self.topic = topic
        self.text = text
        self.anonymous = anonymous
    }
}
