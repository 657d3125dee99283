import Foundation

/// Paces one route in SMS parts per second, the unit operators bill and throttle.
///
/// Taking reserves tokens even when there are too few and says how long to wait, so a
/// message longer than the burst still goes out and the long-run rate stays exact.
/// Time is passed in, so tests drive it with a clock of their own.
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private(set) var tokens: Double
    private var last: Date?

    public init(rate: Double, burst: Double) {
        precondition(rate > 0 && burst >= 1, "a route needs a positive rate and a burst of at least one part")
        self.rate = rate
        self.burst = burst
        self.tokens = burst
    }

    /// Takes `parts` tokens at `now`; returns how long the caller must wait before sending.
    public mutating func take(_ parts: Int, at now: Date) -> TimeInterval {
        refill(at: now)
        tokens -= Double(parts)
        return tokens >= 0 ? 0 : -tokens / rate
    }

    /// Whole parts that could go right now without waiting.
    public mutating func available(at now: Date) -> Int {
        refill(at: now)
        return max(0, Int(tokens))
    }

    private mutating func refill(at now: Date) {
        if let last, now > last {
            tokens = min(burst, tokens + now.timeIntervalSince(last) * rate)
        }
        if last.map({ now > $0 }) ?? true { last = now }
    }
}
