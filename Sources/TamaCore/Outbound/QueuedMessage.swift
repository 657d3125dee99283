import Foundation

/// A message a dispatcher has leased from the queue, with what the store knew about its
/// recipient at that moment, so the send decision is made on fresh facts.
public struct QueuedMessage: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var recipient: String
    public var text: String
    public var parts: Int
    public var kind: MessageKind
    /// Including the one this lease starts.
    public var attempts: Int
    public var expiresAt: Date
    /// The recipient sent STOP after the message was queued (or before).
    public var recipientOptedOut: Bool
    /// The recipient left the broadcast's campaign after the message was queued.
    public var recipientLeftCampaign: Bool
    /// Broadcasts already sent to the recipient since the start of the day.
    public var broadcastsToday: Int

    public init(
        id: Int64, recipient: String, text: String, parts: Int, kind: MessageKind, attempts: Int, expiresAt: Date,
        recipientOptedOut: Bool = false, recipientLeftCampaign: Bool = false, broadcastsToday: Int = 0
    ) {
        self.recipientLeftCampaign = recipientLeftCampaign
        self.id = id
        self.recipient = recipient
        self.text = text
        self.parts = parts
        self.kind = kind
        self.attempts = attempts
        self.expiresAt = expiresAt
        self.recipientOptedOut = recipientOptedOut
        self.broadcastsToday = broadcastsToday
    }
}
