/// What the store knows of one question when an SMS names it (`R 123 …`, `MERCI 123`),
/// read in the message's own transaction.
public struct QuestionFacts: Sendable, Equatable {
    public enum Status: String, Sendable {
        case awaitingCommune = "awaiting_commune"
        case held
        case routed
        case answered
        case hidden
    }

    public var number: Int
    public var status: Status
    public var commune: String
    /// The officials it was sent to.
    public var recipients: Set<Int64>
    /// Whether the sender of the message is the citizen who asked it.
    public var askedBySender: Bool
    /// The citizen's language, which answers are framed in.
    public var language: Language

    public init(number: Int, status: Status, commune: String, recipients: Set<Int64>, askedBySender: Bool, language: Language) {
        self.number = number
        self.status = status
        self.commune = commune
        self.recipients = recipients
        self.askedBySender = askedBySender
        self.language = language
    }
}
