import Foundation

/// What became of one leased message; the store records it and releases the lease.
public struct DispatchResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The aggregator took it; its id (if it gave one) matches delivery reports.
        case sent(aggregatorMessageId: String?)
        /// Try again at `at`; `reason` is kept for the operator.
        case retry(at: Date, reason: String)
        /// Not now, but not a failure either (quiet hours, a daily cap): back in the queue
        /// without counting an attempt.
        case deferred(until: Date)
        /// The route's aggregator is down (``RouteBreaker``): back in the queue until
        /// `until` without counting an attempt, `reason` kept for the operator.
        case routeDown(until: Date, reason: String)
        case failed(reason: String)
        case expired
        case cancelled(reason: String)
    }

    public var id: Int64
    /// The attempt the result belongs to: the lease's token. A dispatcher that outlived
    /// its lease must not overwrite the outcome of the one that took the message over.
    public var attempt: Int
    public var outcome: Outcome

    public init(id: Int64, attempt: Int, outcome: Outcome) {
        self.id = id
        self.attempt = attempt
        self.outcome = outcome
    }

    public init(_ message: QueuedMessage, _ outcome: Outcome) {
        self.init(id: message.id, attempt: message.attempts, outcome: outcome)
    }
}
