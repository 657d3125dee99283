import Foundation
import Logging
import Metrics
import Synchronization
import TamaCore

/// One route's ``RouteBreaker``, shared by the requests a dispatcher has in flight, which
/// report to it as they come back; `tama_route_up` follows it.
final class RouteHealth: Sendable {
    private let breaker: Mutex<RouteBreaker>
    private let up: Gauge

    init(_ breaker: RouteBreaker, up: Gauge) {
        self.breaker = Mutex(breaker)
        self.up = up
        up.record(1)
    }

    var isDown: Bool { breaker.withLock { $0.isDown } }
    var probeAt: Date? { breaker.withLock { $0.probeAt } }

    /// Notes a request's fate; answers, when the route is down after it, the time of the
    /// next probe (what its transient failures wait for), else nil.
    func record(answered: Bool, reason: String?, at now: Date, jitter: Double, logger: Logger, route: String) -> Date? {
        let (was, state) = breaker.withLock { breaker in
            let was = breaker.isDown
            if answered { breaker.answered() } else { breaker.failed(at: now, jitter: jitter) }
            return (was, breaker)
        }
        if state.isDown, !was {
            up.record(0)
            logger.error(
                "route down: its aggregator does not answer; sending stops and one request is tried now and then, without counting attempts",
                metadata: ["route": "\(route)", "failed requests in a row": "\(state.failures)", "reason": "\(reason ?? "")"]
            )
        } else if was, !state.isDown {
            up.record(1)
            logger.notice("route back: its aggregator answers again", metadata: ["route": "\(route)"])
        }
        return state.isDown ? state.probeAt : nil
    }
}
