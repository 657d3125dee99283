import Foundation
import TamaCore

/// Everything `tama serve` needs to start, resolved from its sources; see
/// ``ConfigurationValues`` for where each value may come from.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databasePath = "tama.sqlite"
    public var menusPath = "Menus"
    /// Seconds without a hop after which a USSD session starts over.
    public var sessionTimeout: TimeInterval = 180
    /// The `END` text for a USSD code no menu claims.
    public var unknownServiceMessage = "Ce code n'est pas en service."
    public var africasTalking = AfricasTalking()

    public struct AfricasTalking: Sendable {
        /// The secret path segment of the callback URL registered with Africa's Talking.
        public var ussdSecret = ""
        public var screen = ScreenFormat()
    }

    public init() {}

    /// The configuration the values describe; defaults fill what they leave out.
    public init(_ values: ConfigurationValues) throws(ConfigurationError) {
        if let host = values["host"] { self.host = host.value }
        if let port = values["port"] { self.port = try port.integer(in: 1...65535) }
        if let path = values["database"] { databasePath = path.value }
        if let path = values["menus"] { menusPath = path.value }
        if let timeout = values["session_timeout"] { sessionTimeout = TimeInterval(try timeout.integer(in: 10...3600)) }
        if let message = values["unknown_service_message"] { unknownServiceMessage = message.value }
        if let limit = values["africastalking.screen_limit"] { africasTalking.screen.limit = try limit.integer(in: 40...182) }
        if let transliterate = values["africastalking.transliterate"] { africasTalking.screen.transliterate = try transliterate.boolean() }
        guard let secret = values["africastalking.ussd_secret"]?.value, !secret.isEmpty else {
            throw .missingSecret(environment: ConfigurationValues.environmentName(of: "africastalking.ussd_secret"))
        }
        guard secret.count >= 16 else { throw .weakSecret }
        africasTalking.ussdSecret = secret
    }
}
