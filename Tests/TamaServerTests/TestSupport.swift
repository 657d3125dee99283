import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import TamaAggregators
import TamaCore
import TamaMenus
import TamaServer
import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let secret = "test-secret-0123456789"
let webhook = "/ussd/africastalking/\(secret)"

/// The menus that ship in `Menus/`: what is tested is what runs.
let shippedMenusPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Menus").path
let shippedCatalog: MenuCatalog = MenuFolder.load(shippedMenusPath).catalog!

let kannelSecret = "kannel-secret-0123456789"
let twilioToken = "test_auth_token_0123456789abcdef"

/// The value of the unlabelled metric `name` in Prometheus text (what `/metrics` answers),
/// or nil when it is not there.
func metric(_ name: String, in text: String) -> Double? {
    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
}

func testConfiguration(port: Int = 0) -> ServerConfiguration {
    var configuration = ServerConfiguration()
    configuration.port = port
    configuration.africasTalking.callbackSecret = secret
    configuration.kannel.secret = kannelSecret
    configuration.twilio.authToken = twilioToken
    configuration.twilio.publicURL = URL(string: "https://gw.example.ml")
    return configuration
}

/// The test configuration with an Africa's Talking sending route, which broadcasts need.
func sendingConfiguration(port: Int = 0) -> ServerConfiguration {
    var configuration = testConfiguration(port: port)
    configuration.africasTalking.username = "sandbox"
    configuration.africasTalking.apiKey = "key"
    return configuration
}

/// A logger that keeps tests quiet unless something is critical.
let quietLogger: Logger = {
    var logger = Logger(label: "tama.test")
    logger.logLevel = .critical
    return logger
}()

/// Tama on loopback, on `configuration.port`, as `tama serve` runs it; returns once
/// `/health` answers. Cancel the task to stop it.
func startLive(database: AppDatabase, configuration: ServerConfiguration) async throws -> Task<Void, any Error> {
    let app = buildApplication(configuration: configuration, database: database, catalog: shippedCatalog, logger: quietLogger)
    let server = Task { try await app.runService() }
    let health = URL(string: "http://127.0.0.1:\(configuration.port)/health")!
    guard try await eventually(10, { (try? await URLSession.shared.data(from: health)) != nil }) else {
        server.cancel()
        throw TestFailure.status(0, "tama did not start on port \(configuration.port)")
    }
    return server
}

func makeApplication(
    database: AppDatabase, metrics: TamaMetrics = TamaMetrics(), now: @escaping @Sendable () -> Date = Date.init,
    configuration: ServerConfiguration = testConfiguration()
) -> some ApplicationProtocol {
    buildApplication(
        configuration: configuration, database: database, catalog: shippedCatalog, logger: quietLogger, metrics: metrics,
        now: now
    )
}

/// An Africa's Talking callback body.
func callback(session: String, phone: String = "+22376000000", code: String = "*384*77#", text: String) -> String {
    var components = URLComponents()
    components.queryItems = [
        URLQueryItem(name: "sessionId", value: session), URLQueryItem(name: "serviceCode", value: code),
        URLQueryItem(name: "phoneNumber", value: phone), URLQueryItem(name: "networkCode", value: "61002"),
        URLQueryItem(name: "text", value: text),
    ]
    // URLComponents leaves `+` alone in queries, but a form decodes it as a space.
    return components.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B")
}

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded; charset=UTF-8"]

extension TestClientProtocol {
    /// Posts one hop and returns the response body.
    func hop(session: String, phone: String = "+22376000000", code: String = "*384*77#", text: String) async throws -> String {
        try await execute(
            uri: webhook, method: .post, headers: formHeaders,
            body: ByteBuffer(string: callback(session: session, phone: phone, code: code, text: text))
        ) { response in
            guard response.status == .ok else { throw TestFailure.status(response.status.code, String(buffer: response.body)) }
            return String(buffer: response.body)
        }
    }
}

extension TestClientProtocol {
    /// Posts an SMS from `phone` to the short code through Africa's Talking's webhook, and
    /// waits until the responder has answered it, as `/metrics` tells.
    func sms(from phone: String, _ text: String, id: String) async throws {
        let body = FormEncoding.encode([("from", phone), ("to", "384"), ("text", text), ("id", id)])
        try await execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { response in
            guard response.status == .ok else { throw TestFailure.status(response.status.code, String(buffer: response.body)) }
        }
        let answered = try await eventually(10, interval: 0.005) {
            try await execute(uri: "/metrics", method: .get) { String(buffer: $0.body).contains("\ntama_sms_unanswered 0.0\n") }
        }
        guard answered else { throw TestFailure.status(0, "the SMS was not answered within 10 s") }
    }

    /// Walks the shipped menu's question to the mayor by USSD: the language (French,
    /// Bambara), the commune and topic by their numbers on the screens (Diéma, water),
    /// anonymous or signed, then the text.
    @discardableResult
    func ask(
        session: String, phone: String, language: Int = 1, commune: Int = 4, topic: Int = 1, signed: Bool = false, _ question: String
    ) async throws -> String {
        var text = ""
        for key in [String(language), "3", String(commune), String(topic), signed ? "2" : "1", question] {
            _ = try await hop(session: session, phone: phone, text: text)
            text = text.isEmpty ? key : text + "*" + key
        }
        return try await hop(session: session, phone: phone, text: text)
    }
}

enum TestFailure: Error {
    case status(Int, String)
}

/// Waits until `condition` holds, checking every 50 ms for at most `seconds`.
func eventually(_ seconds: Double = 30, interval: Double = 0.05, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
    }
    return try await condition()
}

/// Waits until the responder, which runs behind the webhook, has answered every SMS the
/// webhooks accepted.
func answered(_ database: AppDatabase) async throws {
    guard try await eventually(10, interval: 0.005, { try await database.unansweredSMS().waiting == 0 }) else {
        throw TestFailure.status(0, "SMS accepted and not answered after 10 s")
    }
}

/// One number from the database, for assertions on what a test left there.
func count(_ database: AppDatabase, _ sql: String) async throws -> Int {
    try await database.reader.read { try Int.fetchOne($0, sql: sql)! }
}

/// A JSON response body as a dictionary, for assertions on API answers.
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
}

/// The secret of a new token of `role` in `database`, made as `tama token create` makes one;
/// an official's speaks for `official`, or for Diéma's mayor, registered if need be.
func apiToken(_ database: AppDatabase, _ role: Role, label: String? = nil, official: Int64? = nil) async throws -> String {
    let secret = TokenSecret.generate()
    var official = official
    if role == .official, official == nil { official = try await registerMayor(database).id }
    _ = try await database.createToken(
        label: label ?? role.rawValue, role: role, hash: TokenSecret.hash(secret), official: official, actor: "cli", at: Date()
    )
    return secret
}

/// Diéma's mayor, who reads French and Bambara and takes every topic.
@discardableResult
func registerMayor(_ database: AppDatabase, phone: String = "+22366000001") async throws -> RegisteredOfficial {
    let mayor = Official(name: "Moussa Diarra", office: .mayor, commune: "diema", phone: PhoneNumber(phone)!, languages: ["fr", "bm"], topics: nil)
    _ = try await database.registerOfficials([mayor], actor: "test", role: nil, at: Date())
    return try await database.official(phone: mayor.phone)!
}

/// Headers carrying a new bearer token of `role`, for JSON API calls.
func apiHeaders(_ database: AppDatabase, _ role: Role, label: String? = nil, official: Int64? = nil) async throws -> HTTPFields {
    [.authorization: "Bearer \(try await apiToken(database, role, label: label, official: official))", .contentType: "application/json"]
}

/// Opens the shipped quiz's three questions, as a host does on air.
func openShippedQuiz(_ database: AppDatabase) async throws {
    for question in ["q1", "q2", "q3"] {
        try await database.setState(.open, of: question, in: "civisme-2026", actor: "test", role: nil, at: Date())
    }
}
