import Foundation
import Logging
import TamaCore
import TamaStore

/// Handles inbound SMS: the responder decides, the store commits the message, its effects
/// and its reply in one transaction, and only then does the webhook answer 200.
struct SMSService: Sendable {
    let responder: SMSResponder
    let database: AppDatabase
    let replyTTL: TimeInterval
    /// Routes that can send; a reply goes back on the route it came in on when that one can.
    let sendingRoutes: Set<String>
    let defaultRoute: String?
    let metrics: TamaMetrics
    let now: @Sendable () -> Date

    init(configuration: ServerConfiguration, catalog: MenuCatalog, database: AppDatabase, metrics: TamaMetrics, now: @escaping @Sendable () -> Date) {
        self.responder = SMSResponder(catalog: catalog)
        self.database = database
        self.replyTTL = configuration.sms.replyTTL
        self.sendingRoutes = Set(configuration.sendingRoutes)
        self.defaultRoute = configuration.defaultRoute
        self.metrics = metrics
        self.now = now
    }

    /// Stores and handles `sms`. Throws only when not even the message could be stored,
    /// so the aggregator gets an error and sends it again.
    func receive(_ sms: InboundSMS, logger: Logger) async throws {
        let replyRoute = sendingRoutes.contains(sms.route) ? sms.route : (defaultRoute ?? sms.route)
        let responder = self.responder
        do {
            let reception = try await database.receive(sms, replyRoute: replyRoute, at: now(), replyTTL: replyTTL) { context in
                responder.respond(to: sms.text, context: context)
            }
            switch reception {
            case .duplicate:
                metrics.countSMS(route: sms.route, outcome: "duplicate")
                logger.info("SMS already received", metadata: ["route": "\(sms.route)", "id": "\(sms.externalId)"])
            case .accepted(let id, let outcome):
                metrics.countSMS(route: sms.route, outcome: "accepted")
                metrics.countQuizAnswers(in: outcome.effects)
                logger.info(
                    "SMS received",
                    metadata: [
                        "route": "\(sms.route)", "id": "\(id)", "phone": "\(sms.phone.masked)",
                        "service": "\(outcome.service ?? "none")", "replied": "\(outcome.reply != nil)",
                    ]
                )
            }
        } catch {
            logger.error("SMS could not be handled; keeping it", metadata: ["route": "\(sms.route)", "id": "\(sms.externalId)", "error": "\(error)"])
            try await database.keepUnhandled(sms, error: "\(error)", at: now())
            metrics.countSMS(route: sms.route, outcome: "kept_unhandled")
        }
    }
}
