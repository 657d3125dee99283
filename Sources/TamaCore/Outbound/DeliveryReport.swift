/// What an aggregator reports about a message it took, in the words every aggregator's
/// statuses map to.
public struct DeliveryReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Still on its way (`Sent`, `Buffered`, `queued`…): nothing final to record.
        case pending
        case delivered
        case failed(reason: String)
    }

    /// The id the aggregator gave when it took the message, or Tama's own row id where
    /// the aggregator echoes what Tama sent (Kannel's `dlr-url`).
    public var messageId: String
    public var outcome: Outcome

    public init(messageId: String, outcome: Outcome) {
        self.messageId = messageId
        self.outcome = outcome
    }
}
