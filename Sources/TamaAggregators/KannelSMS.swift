import TamaCore

/// Kannel's smsbox, the open-source gateway operators' SMPP links often sit behind.
/// Kannel has no fixed webhook format: the `sms-service` and the `dlr-url` Tama gives it
/// choose the parameters, and both carry the shared secret in their path. README's
/// "Kannel" section has the configuration; these parsers read exactly those parameters.
///
/// Incoming: `get-url = "http://…/sms/kannel/SECRET?id=%I&from=%p&to=%P&coding=%c&charset=%C&text=%b"`.
/// Delivery reports: `dlr-url = "http://…/dlr/kannel/SECRET?id=<Tama's id>&type=%d&reply=%A"`.
public enum KannelSMS {
    public static let route = "kannel"

    /// `fields` as bytes, because `%b` is the message as the phone sent it, in the
    /// charset `%C` names (UTF-16BE for UCS-2 messages).
    public static func inbound(from fields: [String: [UInt8]], defaultCountry: String) throws(WebhookError) -> InboundSMS {
        func text(_ name: String) -> String? { fields[name].map { String(decoding: $0, as: UTF8.self) } }
        var form: [String: String] = [:]
        for name in ["id", "from", "to", "coding", "charset"] {
            form[name] = text(name)
            if form[name]?.unicodeScalars.contains("\0") == true { throw .nulCharacter(name) }
        }
        guard let raw = fields["text"] else { throw .missingField("text") }
        let body = decode(raw, charset: form["charset"], coding: form["coding"])
        guard !body.unicodeScalars.contains("\0") else { throw .nulCharacter("text") }
        guard body.count <= inboundTextLimit else { throw .fieldTooLong("text", limit: inboundTextLimit) }
        return InboundSMS(
            route: route, externalId: try form.required("id"), phone: try form.phone("from", defaultCountry: defaultCountry),
            recipient: try form.required("to", limit: 32), text: body
        )
    }

    /// Kannel's `%d`: 1 delivered, 2 failed, 4 buffered, 8 accepted by the SMSC,
    /// 16 rejected by the SMSC.
    public static func deliveryReport(from form: [String: String]) throws(WebhookError) -> DeliveryReport {
        let id = try form.required("id", limit: 20)
        let typeText = try form.required("type", limit: 4)
        guard let type = Int(typeText) else { throw .malformedForm("'type' is not a number: '\(typeText)'") }
        let reply = form.optional("reply").map { ": \($0.prefix(160))" } ?? ""
        let outcome: DeliveryReport.Outcome =
            switch type {
            case 1: .delivered
            case 2: .failed(reason: "undelivered" + reply)
            case 16: .failed(reason: "rejected by the SMSC" + reply)
            default: .pending
            }
        return DeliveryReport(messageId: id, outcome: outcome)
    }

    /// The text in the charset Kannel names; UCS-2 (coding 2) is UTF-16BE whatever the
    /// name says. Bytes that are not valid UTF-8 are read as ISO-8859-1, Kannel's
    /// other usual charset, rather than refusing a message a person sent. A UCS-2 text
    /// with an odd last byte keeps it as U+FFFD, so what was lost shows.
    static func decode(_ bytes: [UInt8], charset: String?, coding: String?) -> String {
        let name = charset?.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        if coding == "2" || name == "UTF16BE" || name == "UCS2" || name == "UTF16" {
            let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self) + (bytes.count % 2 == 1 ? "\u{FFFD}" : "")
        }
        if name != "ISO88591" && name != "LATIN1" && name != "WINDOWS1252", let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
