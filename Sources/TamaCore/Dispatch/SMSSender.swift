/// One aggregator's send API, as the dispatcher uses it.
public protocol SMSSender: Sendable {
    /// How many recipients of one text a request may carry (1 where the API takes one).
    var maxRecipientsPerRequest: Int { get }

    /// Sends `text` to every message's recipient (all share the text) and returns an
    /// outcome for each message id. It never throws: a failed request is a `.transient`
    /// or `.refused` outcome for each of its messages.
    func send(_ text: String, to messages: [QueuedMessage]) async -> [Int64: SendOutcome]
}
