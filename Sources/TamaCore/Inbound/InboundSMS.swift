/// One SMS a person sent to the short code, as an aggregator's webhook delivered it.
public struct InboundSMS: Sendable, Equatable {
    /// The route it came in on (`africastalking`, `twilio`, `kannel`); replies go back on it.
    public var route: String
    /// The aggregator's id for the message: the same id twice is one message.
    public var externalId: String
    public var phone: PhoneNumber
    /// The short code or number it was sent to.
    public var recipient: String
    public var text: String
    public var network: String?

    public init(route: String, externalId: String, phone: PhoneNumber, recipient: String, text: String, network: String? = nil) {
        self.route = route
        self.externalId = externalId
        self.phone = phone
        self.recipient = recipient
        self.text = text
        self.network = network
    }
}
