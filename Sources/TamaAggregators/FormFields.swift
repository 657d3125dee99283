import TamaCore

/// Reading the fields of a decoded webhook form, with the errors a 400 reports.
extension Dictionary where Key == String, Value == String {
    /// A field that must be present and not empty, within a bound generous for its real
    /// values, so junk cannot fill a table.
    func required(_ name: String, limit: Int = 128) throws(WebhookError) -> String {
        guard let value = self[name] else { throw .missingField(name) }
        guard !value.isEmpty else { throw .emptyField(name) }
        guard value.count <= limit else { throw .fieldTooLong(name, limit: limit) }
        return value
    }

    /// A field that must be present but may be empty (an SMS can be).
    func present(_ name: String, limit: Int) throws(WebhookError) -> String {
        guard let value = self[name] else { throw .missingField(name) }
        guard value.count <= limit else { throw .fieldTooLong(name, limit: limit) }
        return value
    }

    /// A sender's number; one without its country code is in `defaultCountry`.
    func phone(_ name: String, defaultCountry: String) throws(WebhookError) -> PhoneNumber {
        let text = try required(name, limit: 32)
        guard let phone = PhoneNumber(sender: text, defaultCountry: defaultCountry) else { throw .invalidPhone(field: name, value: text) }
        return phone
    }

    func optional(_ name: String) -> String? {
        self[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Inbound texts are reassembled by aggregators; 1,600 characters (Twilio's own bound,
/// ten parts and more) is far above what a person types on a feature phone.
let inboundTextLimit = 1_600
