/// What one inbound SMS does: effects for the store and, perhaps, one reply.
public struct SMSOutcome: Sendable, Equatable {
    /// The service that handled the message, if any matched.
    public var service: String?
    public var effects: [Effect]
    public var reply: String?

    public init(service: String?, effects: [Effect] = [], reply: String? = nil) {
        self.service = service
        self.effects = effects
        self.reply = reply
    }
}
