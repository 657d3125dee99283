import Foundation
import Hummingbird
import Logging
import TamaAggregators
import TamaCore

/// Inbound SMS webhooks, one per aggregator, each authenticated its own way:
/// `POST /sms/africastalking/{secret}`, `POST /sms/twilio` (signed), `GET /sms/kannel/{secret}`.
struct SMSRoutes<Context: RemoteAddressRequestContext> {
    let service: SMSService
    let callbacks: CallbackAuthentication
    let defaultCountry: String

    func register(on group: RouterGroup<Context>) {
        group.post("africastalking/:secret", use: africasTalking)
        group.post("twilio", use: twilio)
        group.get("kannel/:secret", use: kannel)
    }

    @Sendable func africasTalking(_ request: Request, context: Context) async throws -> String {
        try callbacks.checkAfricasTalking(context)
        let sms = try await refusing("Africa's Talking SMS", context) { try AfricasTalkingSMS.inbound(from: try await WebhookRequest.form(request), defaultCountry: defaultCountry) }
        try await service.receive(sms, logger: context.logger)
        return "OK"
    }

    @Sendable func twilio(_ request: Request, context: Context) async throws -> Response {
        let form = try await callbacks.twilioForm(request, "Twilio SMS", context)
        let sms = try await refusing("Twilio SMS", context) { try TwilioSMS.inbound(from: form, defaultCountry: defaultCountry) }
        try await service.receive(sms, logger: context.logger)
        return Response(
            status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: TwilioSMS.emptyTwiML))
        )
    }

    /// Kannel's `max-messages = 0` makes it send nothing back, so the body is empty:
    /// replies go through the queue like every other message.
    @Sendable func kannel(_ request: Request, context: Context) async throws -> String {
        try callbacks.checkKannel(context)
        let sms = try await refusing("Kannel SMS", context) { try KannelSMS.inbound(from: try FormEncoding.decodeBytes(request.uri.query ?? ""), defaultCountry: defaultCountry) }
        try await service.receive(sms, logger: context.logger)
        return ""
    }
}

/// Logs a refused webhook with its reason before the 400 goes out.
func refusing<T>(_ what: String, _ context: some RequestContext, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as WebhookError {
        context.logger.warning("\(what) webhook refused", metadata: ["reason": "\(error)"])
        throw error
    }
}
