import Foundation

/// What an aggregator said about one recipient of a send request.
public enum SendOutcome: Sendable, Equatable {
    /// Taken; the id (when given) is what its delivery reports will name.
    case accepted(messageId: String?)
    /// Refused for good (a 4xx, an invalid or blacklisted number): retrying cannot help.
    case refused(reason: String)
    /// Worth another try: a transport error, a timeout, a 5xx, a 429 (with the wait the
    /// aggregator asked for, if it did).
    case transient(reason: String, retryAfter: TimeInterval?)
}
