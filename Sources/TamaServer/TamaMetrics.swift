import CoreMetrics
import Metrics
import Prometheus
import Synchronization
import Foundation
import TamaCore
import TamaStore

/// The daemon's metrics, on a registry of its own so every application (and every test)
/// reports only what it did.
public struct TamaMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    let hopDuration: CoreMetrics.Timer
    let sessionsOpen: CoreMetrics.Gauge
    /// `tama_sqlite_memory_bytes` and the C heap's bytes in use and held, read when
    /// Prometheus asks.
    let sqliteMemory: CoreMetrics.Gauge
    let heapInUse: CoreMetrics.Gauge
    let heapHeld: CoreMetrics.Gauge
    /// SMS accepted and not yet answered, and the age of the oldest: the responder's backlog.
    let smsUnanswered: CoreMetrics.Gauge
    let smsUnansweredOldest: CoreMetrics.Gauge
    /// Times the checkpointer left the WAL wholly copied, so that it started over.
    let walRestarts: CoreMetrics.Counter
    private let hops: [HopOutcome: CoreMetrics.Counter]
    private let sms: [String: CoreMetrics.Counter]
    private let reports: [String: CoreMetrics.Counter]

    /// For workers that make their own metrics (the dispatcher), on the same registry.
    public var metricsFactory: any MetricsFactory { factory }
    /// Request counters by method, route and status, made on first use: a counter costs
    /// a registry lookup to make, too much to pay on every request.
    private let requests: Dimensioned<CoreMetrics.Counter>
    /// Time in the daemon per route pattern, from the router to the response: set beside
    /// what a client measures, it tells the daemon's share of a slow request.
    private let requestDurations: Dimensioned<CoreMetrics.Timer>
    private let quizAnswers: Dimensioned<CoreMetrics.Counter>
    /// Per route, read from the queue when Prometheus asks.
    private let queueWaiting: Dimensioned<CoreMetrics.Gauge>
    private let queueOldest: Dimensioned<CoreMetrics.Gauge>

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
        // Webhook budgets are milliseconds: most buckets sit below the 10 ms target.
        let milliseconds: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(2),
        ]
        factory.durationHistogramBuckets["tama_ussd_hop_duration_seconds"] = milliseconds
        factory.durationHistogramBuckets["tama_http_request_duration_seconds"] = milliseconds
        self.factory = factory
        self.registry = factory.registry
        requests = Dimensioned("tama_http_requests_total", factory: factory, make: CoreMetrics.Counter.init)
        requestDurations = Dimensioned("tama_http_request_duration_seconds", factory: factory, make: CoreMetrics.Timer.init)
        quizAnswers = Dimensioned("tama_quiz_answers_total", factory: factory, make: CoreMetrics.Counter.init)
        queueWaiting = Dimensioned("tama_queue_waiting", factory: factory, make: CoreMetrics.Gauge.init)
        queueOldest = Dimensioned("tama_queue_oldest_seconds", factory: factory, make: CoreMetrics.Gauge.init)
        hopDuration = CoreMetrics.Timer(label: "tama_ussd_hop_duration_seconds", dimensions: [], factory: factory)
        sessionsOpen = CoreMetrics.Gauge(label: "tama_ussd_sessions_open", dimensions: [], factory: factory)
        sqliteMemory = CoreMetrics.Gauge(label: "tama_sqlite_memory_bytes", dimensions: [], factory: factory)
        heapInUse = CoreMetrics.Gauge(label: "tama_heap_in_use_bytes", dimensions: [], factory: factory)
        heapHeld = CoreMetrics.Gauge(label: "tama_heap_held_bytes", dimensions: [], factory: factory)
        smsUnanswered = CoreMetrics.Gauge(label: "tama_sms_unanswered", dimensions: [], factory: factory)
        smsUnansweredOldest = CoreMetrics.Gauge(label: "tama_sms_unanswered_oldest_seconds", dimensions: [], factory: factory)
        walRestarts = CoreMetrics.Counter(label: "tama_wal_restarts_total", dimensions: [], factory: factory)
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

    func countRequest(method: String, route: String, status: Int, took: Duration) {
        requests[[("method", method), ("route", route), ("status", String(status))]].increment()
        requestDurations[[("route", route)]].recordNanoseconds(Int64(took / .nanoseconds(1)))
    }

    /// Quiz answers as they are stored: `counted` (in time) or `late`.
    func countQuizAnswers(in effects: [Effect]) {
        for case .answerQuiz(let answer) in effects {
            quizAnswers[[("quiz", answer.quiz), ("outcome", answer.late ? "late" : "counted")]].increment()
        }
    }

    /// `tama_queue_waiting{route}` and `tama_queue_oldest_seconds{route}`; a route no
    /// longer in `backlog` reads 0.
    func recordBacklog(_ backlog: [QueueBacklog], now: Date) {
        let routes = Set(backlog.map(\.route))
        for route in queueWaiting.keys.map(\.[0]) where !routes.contains(route) {
            queueWaiting[[("route", route)]].record(0)
            queueOldest[[("route", route)]].record(0)
        }
        for line in backlog {
            queueWaiting[[("route", line.route)]].record(line.waiting)
            queueOldest[[("route", line.route)]].record(max(0, now.timeIntervalSince(line.oldestQueuedAt)))
        }
    }
}

/// The instruments of one metric, made on first use, one per set of dimension values:
/// routes and quizzes are only known as requests, answers and messages arrive, and an
/// instrument costs a registry lookup to make, too much to pay on every request.
private final class Dimensioned<Instrument: Sendable>: Sendable {
    private let label: String
    private let factory: PrometheusMetricsFactory
    private let make: @Sendable (String, [(String, String)], any MetricsFactory) -> Instrument
    private let made = Mutex<[[String]: Instrument]>([:])

    init(_ label: String, factory: PrometheusMetricsFactory, make: @escaping @Sendable (String, [(String, String)], any MetricsFactory) -> Instrument) {
        self.label = label
        self.factory = factory
        self.make = make
    }

    /// The dimension values of every instrument made so far.
    var keys: [[String]] { made.withLock { Array($0.keys) } }

    subscript(dimensions: [(String, String)]) -> Instrument {
        let key = dimensions.map(\.1)
        return made.withLock { made in
            if let instrument = made[key] { return instrument }
            let instrument = make(label, dimensions, factory)
            made[key] = instrument
            return instrument
        }
    }
}
