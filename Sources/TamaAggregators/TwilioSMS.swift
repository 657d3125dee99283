import TamaCore

/// Twilio's messaging webhooks (docs/aggregators.md §2.1, §2.2): incoming messages, answered with
/// TwiML, and status callbacks. Both are form POSTs signed with `X-Twilio-Signature`.
public enum TwilioSMS {
    public static let route = "twilio"

    /// An empty `<Response/>`: Tama's replies go through its own queue, rate limits and
    /// retries, never inline.
    public static let emptyTwiML = #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#

    public static func inbound(from form: [String: String], defaultCountry: String) throws(WebhookError) -> InboundSMS {
        InboundSMS(
            route: route, externalId: try form.required("MessageSid", limit: 64), phone: try form.phone("From", defaultCountry: defaultCountry),
            recipient: try form.required("To", limit: 32), text: try form.present("Body", limit: inboundTextLimit)
        )
    }

    public static func deliveryReport(from form: [String: String]) throws(WebhookError) -> DeliveryReport {
        let sid = try form.required("MessageSid", limit: 64)
        let status = try form.required("MessageStatus", limit: 32)
        let outcome: DeliveryReport.Outcome =
            switch status.lowercased() {
            case "delivered", "read": .delivered
            case "undelivered", "failed", "canceled":
                .failed(reason: status.lowercased() + (form.optional("ErrorCode").map { " (error \($0))" } ?? ""))
            default: .pending
            }
        return DeliveryReport(messageId: sid, outcome: outcome)
    }
}
