import Foundation

/// Whether a route's aggregator answers at all. After ``threshold`` requests in a row
/// come back with nothing but transient errors (refused or hung connections, 5xx), the
/// route is down: the dispatcher stops sending, tries one request now and then with a
/// growing wait (``probeAt``), and what fails meanwhile goes back to the queue without
/// counting an attempt. An afternoon without the aggregator then uses up no message's
/// attempts; messages wait for it until they expire. One request the aggregator answers
/// (taken or refused) brings the route back.
public struct RouteBreaker: Sendable, Equatable {
    public var threshold: Int
    public var backoff: Backoff
    /// Requests in a row that failed with transient errors only.
    public private(set) var failures = 0
    public private(set) var downSince: Date?
    /// When to try one request again while down.
    public private(set) var probeAt: Date?

    public init(threshold: Int = 5, backoff: Backoff = Backoff(base: 5, cap: 300)) {
        self.threshold = threshold
        self.backoff = backoff
    }

    public var isDown: Bool { downSince != nil }

    /// The aggregator answered a request.
    public mutating func answered() {
        failures = 0
        downSince = nil
        probeAt = nil
    }

    /// A request failed with transient errors only; answers whether the route is now down.
    @discardableResult
    public mutating func failed(at now: Date, jitter: Double) -> Bool {
        failures += 1
        guard failures >= threshold else { return false }
        downSince = downSince ?? now
        probeAt = now.addingTimeInterval(backoff.delay(afterAttempt: failures - threshold + 1, jitter: jitter))
        return true
    }
}
