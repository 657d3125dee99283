import CoreMetrics
import Metrics
import Prometheus

/// The daemon's metrics, on a registry of its own so every application (and every test)
/// reports only what it did.
public struct TamaMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    let hopDuration: CoreMetrics.Timer
    let sessionsOpen: CoreMetrics.Gauge

    public init() {
        var factory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())
        // USSD budgets are milliseconds: most buckets sit below the 10 ms target.
        factory.durationHistogramBuckets["tama_ussd_hop_duration_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(2),
        ]
        self.factory = factory
        self.registry = factory.registry
        hopDuration = CoreMetrics.Timer(label: "tama_ussd_hop_duration_seconds", dimensions: [], factory: factory)
        sessionsOpen = CoreMetrics.Gauge(label: "tama_ussd_sessions_open", dimensions: [], factory: factory)
    }

    func countRequest(method: String, route: String, status: Int) {
        CoreMetrics.Counter(
            label: "tama_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// Hops by outcome: `advanced`, `started`, `repeated`, `unknown_service`, `failed`.
    func countHop(_ outcome: String) {
        CoreMetrics.Counter(label: "tama_ussd_hops_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }
}
