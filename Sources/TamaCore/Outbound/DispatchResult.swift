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
        case failed(reason: String)
        case expired
        case cancelled(reason: String)
    }

    public var id: Int64
    public var outcome: Outcome

    public init(id: Int64, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }
}
