import TamaCore

/// Africa's Talking's SMS callbacks: incoming messages (docs/aggregators.md §1.2) and delivery
/// reports (§1c), both form POSTs with no signature, so their URLs carry a secret.
public enum AfricasTalkingSMS {
    public static let route = "africastalking"

    public static func inbound(from form: [String: String], defaultCountry: String) throws(WebhookError) -> InboundSMS {
        InboundSMS(
            route: route, externalId: try form.required("id"), phone: try form.phone("from", defaultCountry: defaultCountry),
            recipient: try form.required("to", limit: 32), text: try form.present("text", limit: inboundTextLimit),
            network: form.optional("networkCode")
        )
    }

    public static func deliveryReport(from form: [String: String]) throws(WebhookError) -> DeliveryReport {
        let id = try form.required("id")
        let status = try form.required("status", limit: 32)
        return DeliveryReport(messageId: id, outcome: outcome(status: status, failureReason: form.optional("failureReason")))
    }

    /// Statuses and failure reasons as docs/aggregators.md §1.3 lists them, compared without
    /// case; `AbsentSubscriber` and `Expired` are final failures. An unknown status is
    /// not final: a later report will settle the message.
    static func outcome(status: String, failureReason: String?) -> DeliveryReport.Outcome {
        switch status.lowercased() {
        case "success": return .delivered
        case "rejected", "failed", "absentsubscriber", "expired":
            let canonical = ["rejected": "Rejected", "failed": "Failed", "absentsubscriber": "AbsentSubscriber", "expired": "Expired"]
            let reason = failureReason.map { ": \(failureName($0))" } ?? ""
            return .failed(reason: canonical[status.lowercased()]! + reason)
        default: return .pending
        }
    }

    static let failureReasons = [
        "InsufficientCredit", "InvalidLinkId", "UserIsInactive", "UserInBlackList", "UserAccountSuspended",
        "NotNetworkSubscriber", "UserNotSubscribedToProduct", "UserDoesNotExist", "DeliveryFailure", "DoNotDisturbRejection",
    ]

    /// The canonical name of a failure reason; AT's docs spell one `NotNetworkSubcriber`.
    static func failureName(_ reason: String) -> String {
        let lowered = reason.lowercased() == "notnetworksubcriber" ? "notnetworksubscriber" : reason.lowercased()
        return failureReasons.first { $0.lowercased() == lowered } ?? "DeliveryFailure (\(reason.prefix(64)))"
    }
}
