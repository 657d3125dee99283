import Foundation

/// A message to put in the outbound queue.
public struct OutgoingSMS: Sendable, Equatable {
    public var recipient: PhoneNumber
    public var text: String
    /// The configured route (aggregator account) that will carry it.
    public var route: String
    public var kind: MessageKind
    /// After this the message is not worth sending any more (a quiz result, a reminder).
    public var expiresAt: Date
    public var notBefore: Date?
    public var inboundId: Int64?
    public var broadcastId: Int64?

    public init(
        recipient: PhoneNumber, text: String, route: String, kind: MessageKind, expiresAt: Date,
        notBefore: Date? = nil, inboundId: Int64? = nil, broadcastId: Int64? = nil
    ) {
        self.recipient = recipient
        self.text = text
        self.route = route
        self.kind = kind
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.inboundId = inboundId
        self.broadcastId = broadcastId
    }
}
