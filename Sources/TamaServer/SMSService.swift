import Foundation
import Logging
import TamaCore
import TamaStore

/// Takes inbound SMS: the webhook's 200 means the message is on disk, and the
/// ``SMSResponderWorker`` answers it behind the webhook, in batches.
struct SMSService: Sendable {
    let database: AppDatabase
    let responding: SMSResponderWorker
    let metrics: TamaMetrics
    let now: @Sendable () -> Date

    /// Stores `sms` and wakes the responder. Throws only when the message could not be
    /// stored, so the aggregator gets an error and sends it again.
    func receive(_ sms: InboundSMS, logger: Logger) async throws {
        switch try await database.accept(sms, at: now()) {
        case .duplicate:
            metrics.countSMS(route: sms.route, outcome: "duplicate")
            logger.info("SMS already received", metadata: ["route": "\(sms.route)", "id": "\(sms.externalId)"])
        case .accepted(let id):
            metrics.countSMS(route: sms.route, outcome: "accepted")
            logger.debug("SMS accepted", metadata: ["route": "\(sms.route)", "id": "\(id)", "phone": "\(sms.phone.masked)"])
            responding.wake()
        }
    }
}
