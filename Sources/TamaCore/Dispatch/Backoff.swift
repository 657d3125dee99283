import Foundation

/// Waits between attempts: exponential from `base`, capped, with jitter so a thousand
/// messages refused together by a struggling aggregator do not all come back together.
public struct Backoff: Sendable, Equatable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval = 5, cap: TimeInterval = 900) {
        self.base = base
        self.cap = cap
    }

    /// The wait after the `attempt`-th failure (1 for the first), given `jitter` in 0...1:
    /// between half and all of `base · 2^(attempt-1)`, never more than `cap`.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> TimeInterval {
        let exponential = base * pow(2, Double(max(0, min(attempt - 1, 30))))
        return min(cap, exponential) * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }
}
