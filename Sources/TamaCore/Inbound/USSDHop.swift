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

    /// The most a session's accumulated text may hold. Operators carry a few hundred
    /// characters in a whole session; a longer text is not a caller's, and the engine's
    /// work grows with it, inside the transaction every other hop waits for.
    public static let textLimit = 1_000

    /// Whether the text is within ``textLimit`` characters. (The webhook's body limit
    /// bounds what counting it costs.)
    public var textFits: Bool {
        text.count <= Self.textLimit
    }

    public init(aggregator: String, sessionID: String, serviceCode: String, phone: PhoneNumber, network: String?, text: String) {
        self.aggregator = aggregator
        self.sessionID = sessionID
        self.serviceCode = serviceCode
        self.phone = phone
        self.network = network
        self.text = text
    }
}
