import CoreMetrics
import Metrics
import Prometheus
import Synchronization
import TamaCore

/// The daemon's metrics, on a registry of its own so every application (and every test)
/// reports only what it did.
public struct TamaMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    let hopDuration: CoreMetrics.Timer
    let sessionsOpen: CoreMetrics.Gauge
    private let hops: [HopOutcome: CoreMetrics.Counter]
    private let sms: [String: CoreMetrics.Counter]
    private let reports: [String: CoreMetrics.Counter]

    /// For workers that make their own metrics (the dispatcher), on the same registry.
    public var metricsFactory: any MetricsFactory { factory }
    /// Request counters by method, route and status, made on first use: a counter costs
    /// a registry lookup to make, too much to pay on every request.
    private let requests: Counters
    private let quizAnswers: Counters

    /// What became of a hop, as `tama_ussd_hops_total{outcome=…}` counts it.
    enum HopOutcome: String, CaseIterable {
        case started, advanced, repeated
        case unknownService = "unknown_service"
        case failed

        init(_ kind: Step.Kind) {
            switch kind {
            case .started: self = .started
            case .advanced: self = .advanced
            case .repeated: self = .repeated
            }
        }
    }

    public init() {
        var factory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())
        // USSD budgets are milliseconds: most buckets sit below the 10 ms target.
        factory.durationHistogramBuckets["tama_ussd_hop_duration_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(2),
        ]
        self.factory = factory
        self.registry = factory.registry
        requests = Counters("tama_http_requests_total", factory: factory)
        quizAnswers = Counters("tama_quiz_answers_total", factory: factory)
        hopDuration = CoreMetrics.Timer(label: "tama_ussd_hop_duration_seconds", dimensions: [], factory: factory)
        sessionsOpen = CoreMetrics.Gauge(label: "tama_ussd_sessions_open", dimensions: [], factory: factory)
        hops = Dictionary(
            uniqueKeysWithValues: HopOutcome.allCases.map {
                ($0, CoreMetrics.Counter(label: "tama_ussd_hops_total", dimensions: [("outcome", $0.rawValue)], factory: factory))
            }
        )
        var sms: [String: CoreMetrics.Counter] = [:]
        var reports: [String: CoreMetrics.Counter] = [:]
        for route in Self.routes {
            for outcome in Self.smsOutcomes {
                sms["\(route)/\(outcome)"] = CoreMetrics.Counter(
                    label: "tama_sms_received_total", dimensions: [("route", route), ("outcome", outcome)], factory: factory
                )
            }
            for matched in [true, false] {
                reports["\(route)/\(matched)"] = CoreMetrics.Counter(
                    label: "tama_delivery_reports_total", dimensions: [("route", route), ("matched", "\(matched)")], factory: factory
                )
            }
        }
        self.sms = sms
        self.reports = reports
    }

    static let routes = ["africastalking", "twilio", "kannel"]
    static let smsOutcomes = ["accepted", "duplicate", "kept_unhandled"]

    func countSMS(route: String, outcome: String) {
        sms["\(route)/\(outcome)"]?.increment()
    }

    func countDeliveryReport(route: String, matched: Bool) {
        reports["\(route)/\(matched)"]?.increment()
    }

    func countHop(_ outcome: HopOutcome) {
        hops[outcome]!.increment()
    }

    func countRequest(method: String, route: String, status: Int) {
        requests.increment([("method", method), ("route", route), ("status", String(status))])
    }

    /// Quiz answers as they are stored: `counted` (in time) or `late`.
    func countQuizAnswers(in effects: [Effect]) {
        for case .answerQuiz(let answer) in effects {
            quizAnswers.increment([("quiz", answer.quiz), ("outcome", answer.late ? "late" : "counted")])
        }
    }
}

/// Counters of one metric made on first use, one per set of dimension values: routes and
/// quizzes are only known as requests and answers arrive.
private final class Counters: Sendable {
    private let label: String
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[[String]: CoreMetrics.Counter]>([:])

    init(_ label: String, factory: PrometheusMetricsFactory) {
        self.label = label
        self.factory = factory
    }

    func increment(_ dimensions: [(String, String)]) {
        let key = dimensions.map(\.1)
        counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = counter
            return counter
        }.increment()
    }
}
