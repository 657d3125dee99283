import TamaCore

/// Africa's Talking's USSD callback (docs/aggregators.md §1.1): a form POST per hop with `sessionId`,
/// `serviceCode`, `phoneNumber`, `networkCode` and the accumulated `text`; the answer is
/// `text/plain` starting `CON ` (wait for input) or `END ` (close the session).
public enum AfricasTalkingUSSD {
    public static let aggregator = "africastalking"

    /// Generous bounds on fields whose real values are short (`ATUid_` + 32 hex, a
    /// dialled code), so junk cannot fill the sessions table.
    static let sessionIDLimit = 128
    static let serviceCodeLimit = 32

    /// The hop a callback's form describes.
    public static func hop(from form: [String: String], defaultCountry: String) throws(WebhookError) -> USSDHop {
        let sessionID = try form.required("sessionId", limit: sessionIDLimit)
        let serviceCode = try form.required("serviceCode", limit: serviceCodeLimit)
        let phone = try form.phone("phoneNumber", defaultCountry: defaultCountry)
        // The first hop's text is empty, but the field is always sent.
        guard let text = form["text"] else { throw .missingField("text") }
        let network = form["networkCode"].flatMap { $0.isEmpty ? nil : $0 }
        return USSDHop(
            aggregator: aggregator, sessionID: sessionID, serviceCode: serviceCode, phone: phone, network: network,
            text: text
        )
    }

    /// The body answering a hop.
    public static func body(for reply: Reply) -> String {
        (reply.ends ? "END " : "CON ") + reply.text
    }

    /// The form Africa's Talking would post for `hop`, for the terminal phone and tests.
    public static func form(for hop: USSDHop) -> String {
        FormEncoding.encode([
            "sessionId": hop.sessionID, "serviceCode": hop.serviceCode, "phoneNumber": hop.phone.e164,
            "networkCode": hop.network ?? "", "text": hop.text,
        ])
    }

    /// The reply a callback body carries, or nil when it is neither `CON ` nor `END `
    /// (which Africa's Talking treats as a failed session).
    public static func reply(fromBody body: String) -> Reply? {
        if body.hasPrefix("CON ") { return Reply(text: String(body.dropFirst(4)), ends: false) }
        if body.hasPrefix("END ") { return Reply(text: String(body.dropFirst(4)), ends: true) }
        return nil
    }
}
