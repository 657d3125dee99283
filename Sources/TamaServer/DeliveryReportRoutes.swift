import Foundation
import Hummingbird
import Logging
import TamaAggregators
import TamaCore
import TamaStore

/// Delivery reports: `POST /dlr/africastalking/{secret}`, `POST /dlr/twilio` (signed) and
/// `GET /dlr/kannel/{secret}` (the `dlr-url` Tama gives Kannel with each message). A report
/// for an unknown message is logged and acknowledged: refusing it would only make the
/// aggregator send it again.
struct DeliveryReportRoutes<Context: RemoteAddressRequestContext> {
    let database: AppDatabase
    let callbacks: CallbackAuthentication
    let metrics: TamaMetrics
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        group.post("africastalking/:secret", use: africasTalking)
        group.post("twilio", use: twilio)
        group.get("kannel/:secret", use: kannel)
    }

    @Sendable func africasTalking(_ request: Request, context: Context) async throws -> String {
        try callbacks.checkAfricasTalking(context)
        let report = try await refusing("Africa's Talking delivery report", context) {
            try AfricasTalkingSMS.deliveryReport(from: try await WebhookRequest.form(request))
        }
        try await record(report, route: AfricasTalkingSMS.route, context)
        return "OK"
    }

    @Sendable func twilio(_ request: Request, context: Context) async throws -> String {
        let form = try await callbacks.twilioForm(request, "Twilio status callback", context)
        let report = try await refusing("Twilio status callback", context) { try TwilioSMS.deliveryReport(from: form) }
        try await record(report, route: TwilioSMS.route, context)
        return ""
    }

    @Sendable func kannel(_ request: Request, context: Context) async throws -> String {
        try callbacks.checkKannel(context)
        let report = try await refusing("Kannel delivery report", context) {
            try KannelSMS.deliveryReport(from: try FormEncoding.decode(request.uri.query ?? ""))
        }
        try await record(report, route: KannelSMS.route, byRowId: true, context)
        return ""
    }

    private func record(_ report: DeliveryReport, route: String, byRowId: Bool = false, _ context: Context) async throws {
        let matched = try await database.recordDelivery(report, route: route, byRowId: byRowId, at: now())
        metrics.countDeliveryReport(route: route, matched: matched)
        if !matched {
            context.logger.warning("delivery report for an unknown message", metadata: ["route": "\(route)", "id": "\(report.messageId)"])
        }
    }
}
