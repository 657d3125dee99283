import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TamaCore
import TamaStore

/// Answers accepted SMS in batches behind their webhooks: the responder decides, and each
/// message's effects, its reply and its mark as handled commit together
/// (``AppDatabase/respondToAccepted(limit:replyTTL:replyRoute:respond:)``).
///
/// A webhook wakes it; while a batch runs, further wakes make one more pass, so a burst
/// is answered a hundred per transaction. As a service it also looks every second: at
/// start, for messages a killed daemon accepted and never answered, and after a batch
/// failed for a reason that may pass (a full disk).
final class SMSResponderWorker: Service, Sendable {
    private let database: AppDatabase
    private let responder: SMSResponder
    private let replyTTL: TimeInterval
    /// Routes that can send; a reply goes back on the route it came in on when that one can.
    private let sendingRoutes: Set<String>
    private let defaultRoute: String?
    private let metrics: TamaMetrics
    private let logger: Logger
    /// Messages per transaction. A transaction holds the writer, and webhooks' accepts
    /// wait behind it: 100 at about 70 µs each (`scripts/bench store`) keeps that wait
    /// near 7 ms, while a burst's backlog still goes in a few commits.
    let batch = 100
    private let state = Mutex(State())

    private struct State {
        var running = false
        /// Woken while running: look once more before stopping.
        var again = false
    }

    init(configuration: ServerConfiguration, catalog: MenuCatalog, database: AppDatabase, metrics: TamaMetrics, logger: Logger) {
        self.database = database
        self.responder = SMSResponder(catalog: catalog)
        self.replyTTL = configuration.sms.replyTTL
        self.sendingRoutes = Set(configuration.sendingRoutes)
        self.defaultRoute = configuration.defaultRoute
        self.metrics = metrics
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                self.wake()
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Answers what is accepted now, unless a pass is already running, which then looks again.
    func wake() {
        let start = state.withLock { state in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
        if start { Task { await self.drain() } }
    }

    private func drain() async {
        repeat {
            do {
                while try await respondToBatch() == batch {}
            } catch {
                logger.error("could not answer accepted SMS; trying again in a second", metadata: ["error": "\(error)"])
            }
        } while state.withLock { state in
            defer { (state.running, state.again) = (state.again, false) }
            return state.again
        }
    }

    /// One transaction's worth; returns how many messages it went through.
    private func respondToBatch() async throws -> Int {
        let (responder, sendingRoutes, defaultRoute) = (self.responder, self.sendingRoutes, self.defaultRoute)
        let responded = try await database.respondToAccepted(
            limit: batch, replyTTL: replyTTL,
            replyRoute: { route in sendingRoutes.contains(route) ? route : (defaultRoute ?? route) },
            respond: { sms, context in responder.respond(to: sms.text, context: context) }
        )
        for message in responded {
            let sms = message.sms
            switch message.handling {
            case .handled(let outcome):
                metrics.countQuizAnswers(in: outcome.effects)
                logger.info(
                    "SMS answered",
                    metadata: [
                        "route": "\(sms.route)", "id": "\(message.id)", "phone": "\(sms.phone.masked)",
                        "service": "\(outcome.service ?? "none")", "replied": "\(outcome.reply != nil)",
                    ]
                )
            case .failed(let reason):
                metrics.countSMS(route: sms.route, outcome: "kept_unhandled")
                logger.error("SMS could not be handled; keeping it", metadata: ["route": "\(sms.route)", "id": "\(message.id)", "error": "\(reason)"])
            }
        }
        return responded.count
    }
}
