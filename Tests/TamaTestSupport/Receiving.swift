import Foundation
import TamaCore
import TamaStore

extension AppDatabase {
    /// Accepts `sms` at `now` and answers what is accepted with `respond` at once, as the
    /// daemon's webhook and its responder do one after the other; replies go back on the
    /// route the message came in on.
    @discardableResult
    public func receive(
        _ sms: InboundSMS, at now: Date, replyTTL: TimeInterval, respond: @escaping @Sendable (SMSContext) -> SMSOutcome
    ) async throws -> Acceptance {
        let acceptance = try await accept(sms, at: now)
        _ = try await respondToAccepted(limit: 1_000, replyTTL: replyTTL, replyRoute: { $0 }, respond: { _, context in respond(context) })
        return acceptance
    }
}
