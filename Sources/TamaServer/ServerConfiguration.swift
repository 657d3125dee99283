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
    /// The calling code of numbers that arrive without one (Mali's by default), as the
    /// contact list import reads them.
    public var defaultCountry = "223"
    public var africasTalking = AfricasTalking()
    public var twilio = Twilio()
    public var kannel = Kannel()
    public var sms = SMS()
    public var dispatch = Dispatch()
    /// Tama's address as people and aggregators reach it (`https://gw.example.ml`): the
    /// console accepts forms from it, and its cookie is Secure when it is https.
    public var publicURL: URL?
    /// Mark the console's cookie Secure: by default, when `publicURL` is https.
    public var secureConsoleCookie = false
    public var connections = ConnectionLimits()
    public var questions = Questions()
    public var backup = Backup()

    /// Where scheduled backups go: `backup.directory`, else `backups/` beside the database.
    public var backupDirectory: String {
        backup.directory ?? ((databasePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("backups")
    }

    /// Copies of the database taken while serving; none unless `every` is set.
    public struct Backup: Sendable {
        public var every: TimeInterval?
        /// How many of the latest copies to keep; older ones are deleted.
        public var keep = 7
        /// Where the copies go: by default `backups/` beside the database.
        public var directory: String?
    }

    /// When an unanswered question reminds its officials, then is flagged to the campaign team.
    public struct Questions: Sendable {
        public var remindAfter: TimeInterval = 3 * 86_400
        public var escalateAfter: TimeInterval = 7 * 86_400
    }

    public struct AfricasTalking: Sendable {
        /// The secret path segment of the callback URLs (USSD, SMS, delivery reports)
        /// registered with Africa's Talking, which signs none of them.
        public var callbackSecret = ""
        public var screen = ScreenFormat()
        /// Sending is enabled when both are set.
        public var username: String?
        public var apiKey: String?
        public var baseURL = URL(string: "https://api.africastalking.com")!
        public var senderID: String?
        public var pacing = RoutePacing()
    }

    public struct Twilio: Sendable {
        public var accountSID: String?
        /// Signs Twilio's webhooks and authenticates sends; webhooks are refused without it.
        public var authToken: String?
        public var baseURL = URL(string: "https://api.twilio.com")!
        public var from: String?
        /// Tama's address as Twilio calls it (`https://gw.example.ml`): signatures cover
        /// the URL Twilio requested, which a proxy hides from Tama.
        public var publicURL: URL?
        public var pacing = RoutePacing()
    }

    public struct Kannel: Sendable {
        /// The secret path segment of the `get-url` and `dlr-url` given to Kannel.
        public var secret: String?
        public var sendsmsURL: URL?
        public var username: String?
        public var password: String?
        public var from: String?
        /// Tama's address as Kannel reaches it, for `dlr-url`.
        public var publicURL: URL?
        public var pacing = RoutePacing()
    }

    public struct SMS: Sendable {
        /// The route for messages that do not answer an inbound one; the first sending
        /// route when not set.
        public var route: String?
        /// Seconds after which an unsent reply is dropped: an answer a day late confuses.
        public var replyTTL: TimeInterval = 86_400
    }

    public struct Dispatch: Sendable {
        public var quietHours = QuietHours()
        public var dailyCap: Int? = 3
        public var maxAttempts = 10
        /// Seconds a dispatcher holds a message; after that it goes back to the queue.
        public var lease: TimeInterval = 60
        /// Send requests in flight per route.
        public var concurrency = 8
        /// Seconds a broadcast message stays worth sending after its fan-out.
        public var broadcastTTL: TimeInterval = 3 * 86_400
    }

    /// The routes with sending credentials, in a fixed order.
    public var sendingRoutes: [String] {
        var routes: [String] = []
        if africasTalking.username != nil { routes.append("africastalking") }
        if twilio.accountSID != nil { routes.append("twilio") }
        if kannel.sendsmsURL != nil { routes.append("kannel") }
        return routes
    }

    /// Where messages go that answer nothing (notifications, broadcasts).
    public var defaultRoute: String? { sms.route ?? sendingRoutes.first }

    /// The pacing and price of `route`.
    public func pacing(of route: String) -> RoutePacing {
        switch route {
        case "twilio": twilio.pacing
        case "kannel": kannel.pacing
        default: africasTalking.pacing
        }
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
        if let country = values["default_country"] {
            guard (1...3).contains(country.value.count), country.value.allSatisfy({ $0.isASCII && $0.isNumber }), !country.value.hasPrefix("0") else {
                throw .invalidValue(country.value, source: country.source, expected: "a calling code such as 223")
            }
            defaultCountry = country.value
        }
        if let limit = values["africastalking.screen_limit"] { africasTalking.screen.limit = try limit.integer(in: 40...182) }
        if let transliterate = values["africastalking.transliterate"] { africasTalking.screen.transliterate = try transliterate.boolean() }
        guard let secret = values["africastalking.callback_secret"], !secret.value.isEmpty else {
            throw .missingSecret(environment: ConfigurationValues.environmentName(of: "africastalking.callback_secret"))
        }
        guard secret.value.count >= 16 else { throw .weakSecret }
        africasTalking.callbackSecret = try secret.pathSecret()
        try readAfricasTalking(values)
        try readTwilio(values)
        try readKannel(values)
        try readSMS(values)
        try readDispatch(values)
        try readBackup(values)
        if let url = values["public_url"] { publicURL = try url.url() }
        secureConsoleCookie = try values["console.secure_cookie"]?.boolean() ?? (publicURL?.scheme == "https")
        try connections.read(values)
    }

    private mutating func readAfricasTalking(_ values: ConfigurationValues) throws(ConfigurationError) {
        if try allOrNone(values, ["africastalking.username", "africastalking.api_key"], route: "africastalking") {
            africasTalking.username = values["africastalking.username"]?.value
            africasTalking.apiKey = values["africastalking.api_key"]?.value
        }
        if let url = values["africastalking.base_url"] { africasTalking.baseURL = try url.url() }
        africasTalking.senderID = values["africastalking.sender_id"]?.value
        try africasTalking.pacing.read(values, prefix: "africastalking")
    }

    private mutating func readTwilio(_ values: ConfigurationValues) throws(ConfigurationError) {
        // The auth token alone receives (it checks signatures); sending needs all three.
        if try allOrNone(values, ["twilio.account_sid", "twilio.from"], route: "twilio") {
            guard values["twilio.auth_token"] != nil else {
                throw .incompleteRoute("twilio", missing: ConfigurationValues.environmentName(of: "twilio.auth_token"))
            }
            twilio.accountSID = values["twilio.account_sid"]?.value
            twilio.from = values["twilio.from"]?.value
        }
        twilio.authToken = values["twilio.auth_token"]?.value
        if let url = values["twilio.base_url"] { twilio.baseURL = try url.url() }
        if let url = values["twilio.public_url"] { twilio.publicURL = try url.url() }
        try twilio.pacing.read(values, prefix: "twilio")
    }

    private mutating func readKannel(_ values: ConfigurationValues) throws(ConfigurationError) {
        if let secret = values["kannel.secret"] {
            guard secret.value.count >= 16 else { throw .invalidValue("(hidden)", source: secret.source, expected: "16 characters or more") }
            kannel.secret = try secret.pathSecret()
        }
        if try allOrNone(values, ["kannel.sendsms_url", "kannel.username", "kannel.password"], route: "kannel") {
            kannel.sendsmsURL = try values["kannel.sendsms_url"]!.url()
            kannel.username = values["kannel.username"]?.value
            kannel.password = values["kannel.password"]?.value
        }
        kannel.from = values["kannel.from"]?.value
        if let url = values["kannel.public_url"] { kannel.publicURL = try url.url() }
        try kannel.pacing.read(values, prefix: "kannel")
    }

    private mutating func readSMS(_ values: ConfigurationValues) throws(ConfigurationError) {
        if let ttl = values["sms.reply_ttl"] { sms.replyTTL = TimeInterval(try ttl.integer(in: 60...604_800)) }
        if let route = values["sms.route"] {
            guard sendingRoutes.contains(route.value) else { throw .unknownRoute(route.value, configured: sendingRoutes) }
            sms.route = route.value
        }
    }

    private mutating func readDispatch(_ values: ConfigurationValues) throws(ConfigurationError) {
        var timeZone = dispatch.quietHours.timeZone
        if let name = values["dispatch.timezone"] {
            guard let zone = TimeZone(identifier: name.value) else {
                throw .invalidValue(name.value, source: name.source, expected: "a time zone such as Africa/Bamako")
            }
            timeZone = zone
        }
        dispatch.quietHours.timeZone = timeZone
        if let hours = values["dispatch.quiet_hours"] {
            guard let quiet = QuietHours(hours.value, timeZone: timeZone) else {
                throw .invalidValue(hours.value, source: hours.source, expected: "two times such as 21:00-07:00 (equal times: never quiet)")
            }
            dispatch.quietHours = quiet
        }
        if let cap = values["dispatch.daily_cap"] {
            let number = try cap.integer(in: 0...1_000)
            dispatch.dailyCap = number == 0 ? nil : number
        }
        if let attempts = values["dispatch.max_attempts"] { dispatch.maxAttempts = try attempts.integer(in: 1...100) }
        if let lease = values["dispatch.lease"] { dispatch.lease = TimeInterval(try lease.integer(in: 5...3_600)) }
        if let concurrency = values["dispatch.concurrency"] { dispatch.concurrency = try concurrency.integer(in: 1...256) }
        if let ttl = values["dispatch.broadcast_ttl"] { dispatch.broadcastTTL = TimeInterval(try ttl.integer(in: 3_600...30 * 86_400)) }
        if let days = values["questions.remind_after"] { questions.remindAfter = TimeInterval(try days.integer(in: 1...90)) * 86_400 }
        if let days = values["questions.escalate_after"] { questions.escalateAfter = TimeInterval(try days.integer(in: 1...365)) * 86_400 }
    }

    private mutating func readBackup(_ values: ConfigurationValues) throws(ConfigurationError) {
        if let hours = values["backup.every"] {
            let number = try hours.integer(in: 0...8_760)
            backup.every = number == 0 ? nil : TimeInterval(number) * 3_600
        }
        if let keep = values["backup.keep"] { backup.keep = try keep.integer(in: 1...1_000) }
        backup.directory = values["backup.directory"]?.value
    }
}
