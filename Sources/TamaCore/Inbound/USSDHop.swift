/// One USSD request from an aggregator, whatever its wire format: the value adapters
/// produce and the engine and store consume.
public struct USSDHop: Sendable, Equatable {
    /// Which adapter received it (`africastalking`); session ids are unique per aggregator.
    public var aggregator: String
    public var sessionID: String
    public var serviceCode: String
    public var phone: PhoneNumber
    /// The operator, as the aggregator names it (`61002`); opaque.
    public var network: String?
    /// Everything typed in the session so far; see ``HopText``.
    public var text: String

    public init(aggregator: String, sessionID: String, serviceCode: String, phone: PhoneNumber, network: String?, text: String) {
        self.aggregator = aggregator
        self.sessionID = sessionID
        self.serviceCode = serviceCode
        self.phone = phone
        self.network = network
        self.text = text
    }
}
