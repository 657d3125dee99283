import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization
import TamaAggregators
import TamaTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@testable import TamaCore

private func message(_ id: Int64, _ recipient: String) -> QueuedMessage {
    QueuedMessage(id: id, recipient: recipient, text: "Bonjour", parts: 1, kind: .broadcast, attempts: 1, expiresAt: Date() + 3_600)
}

/// What the aggregator below was sent.
private final class Seen: Sendable {
    private let requests = Mutex<[String]>([])
    func append(_ request: String) { requests.withLock { $0.append(request) } }
    var first: String? { requests.withLock { $0.first } }
}

/// An aggregator that misbehaves in the way each path asks, and remembers requests.
private func withAggregator(_ body: (URL, Seen) async throws -> Void) async throws {
    let seen = Seen()
    let router = Router()
    router.get("ready") { _, _ in "ready" }
    router.post("garbage/version1/messaging") { _, _ in "<html>Bad gateway</html>" }
    router.post("throttled/version1/messaging") { _, _ in
        Response(status: .tooManyRequests, headers: [.retryAfter: "7"], body: ResponseBody(byteBuffer: ByteBuffer(string: "slow down")))
    }
    router.post("refusing/version1/messaging") { _, _ -> Response in
        Response(status: .unauthorized, body: ResponseBody(byteBuffer: ByteBuffer(string: "The supplied authentication is invalid")))
    }
    router.post("hanging/version1/messaging") { _, _ -> String in
        try await Task.sleep(nanoseconds: 3_000_000_000)
        return "late"
    }
    router.post("mixed/version1/messaging") { request, _ -> Response in
        seen.append(String(buffer: try await request.body.collect(upTo: 65_536)))
        let json = """
            {"SMSMessageData": {"Message": "Sent to 1/3", "Recipients": [
              {"statusCode": 101, "number": "+22376000001", "status": "Success", "cost": "XOF 25", "messageId": "ATXid_1"},
              {"statusCode": 406, "number": "+22376000002", "status": "UserInBlacklist", "cost": "0", "messageId": "None"},
              {"statusCode": 500, "number": "+22376000003", "status": "InternalServerError", "cost": "0", "messageId": "None"}]}}
            """
        return Response(status: .created, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
    router.post("2010-04-01/Accounts/AC1/Messages.json") { request, _ -> Response in
        let body = String(buffer: try await request.body.collect(upTo: 65_536))
        seen.append((request.headers[.authorization] ?? "") + " " + body)
        return Response(status: .created, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"sid": "SM42", "status": "queued"}"#)))
    }
    // Answers no request until 20 are in flight at once.
    let inFlight = Atomic<Int>(0)
    router.post("together/2010-04-01/Accounts/AC1/Messages.json") { _, _ -> Response in
        inFlight.add(1, ordering: .relaxed)
        for _ in 0..<1_000 where inFlight.load(ordering: .relaxed) < 20 { try await Task.sleep(for: .milliseconds(10)) }
        return Response(status: .created, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"sid": "SM20"}"#)))
    }
    router.get("cgi-bin/sendsms") { request, _ -> Response in
        seen.append(request.uri.query ?? "")
        return Response(status: .accepted, body: ResponseBody(byteBuffer: ByteBuffer(string: "0: Accepted for delivery")))
    }
    let port = freePort()
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: quietLogger)
    let server = Task { try await app.runService() }
    defer { server.cancel() }
    let base = URL(string: "http://127.0.0.1:\(port)")!
    try #require(try await eventually(20) { (try? await URLSession.shared.data(from: base.appendingPathComponent("ready"))) != nil })
    try await body(base, seen)
}

@Suite struct SenderTests {
    @Test func africasTalkingAnswersAreReadRecipientByRecipient() async throws {
        try await withAggregator { base, seen in
            let messages = [message(1, "+22376000001"), message(2, "+22376000002"), message(3, "+22376000003"), message(4, "+22376000004")]
            let sender = AfricasTalkingSender(username: "sandbox", apiKey: "k", baseURL: base.appendingPathComponent("mixed"), senderID: "TAMA")
            let outcomes = await sender.send("Bonjour", to: messages)
            #expect(outcomes[1] == .accepted(messageId: "ATXid_1"))
            #expect(outcomes[2] == .refused(reason: "406 UserInBlacklist"))
            #expect(outcomes[3] == .transient(reason: "500 InternalServerError", retryAfter: nil))
            #expect(outcomes[4] == .transient(reason: "no result for this recipient", retryAfter: nil))
            let body = try FormEncoding.decode(try #require(seen.first))
            #expect(body == ["username": "sandbox", "to": "+22376000001,+22376000002,+22376000003,+22376000004", "message": "Bonjour", "bulkSMSMode": "1", "from": "TAMA"])
        }
    }

    @Test func garbageThrottlingRefusalAndHangingAreTransientOrFinalWithTheirReason() async throws {
        try await withAggregator { base, _ in
            func outcome(_ path: String, timeout: TimeInterval = 15) async -> SendOutcome? {
                let sender = AfricasTalkingSender(username: "u", apiKey: "k", baseURL: base.appendingPathComponent(path), senderID: nil, timeout: timeout)
                return await sender.send("x", to: [message(1, "+22376000001")])[1]
            }
            #expect(await outcome("garbage") == .transient(reason: "unreadable answer: <html>Bad gateway</html>", retryAfter: nil))
            #expect(await outcome("throttled") == .transient(reason: "HTTP 429 slow down", retryAfter: 7))
            #expect(await outcome("refusing") == .refused(reason: "HTTP 401 The supplied authentication is invalid"))
            #expect(await outcome("hanging", timeout: 0.5) == .transient(reason: "transport: timed out", retryAfter: nil))
            let closed = AfricasTalkingSender(username: "u", apiKey: "k", baseURL: URL(string: "http://127.0.0.1:\(freePort())")!, senderID: nil)
            #expect(await closed.send("x", to: [message(1, "+22376000001")])[1] == .transient(reason: "transport: cannot connect", retryAfter: nil))
        }
    }

    @Test func twilioSendsOneMessagePerRequestWithBasicAuthAndItsStatusCallback() async throws {
        try await withAggregator { base, seen in
            let sender = TwilioSender(
                accountSID: "AC1", authToken: "secret", from: "+15005550006", baseURL: base,
                statusCallback: URL(string: "https://gw.example.ml/dlr/twilio")
            )
            #expect(await sender.send("I ni ce", to: [message(5, "+22376000005")]) == [5: .accepted(messageId: "SM42")])
            let request = try #require(seen.first)
            #expect(request.hasPrefix("Basic QUMxOnNlY3JldA== "))
            let form = try FormEncoding.decode(String(request.dropFirst("Basic QUMxOnNlY3JldA== ".count)))
            #expect(form == ["To": "+22376000005", "From": "+15005550006", "Body": "I ni ce", "StatusCallback": "https://gw.example.ml/dlr/twilio"])
        }
    }

    /// Requests in flight are as many as the dispatcher starts (`dispatch.concurrency`, and
    /// Twilio's one request per recipient), not as many as a connection pool of 8 allows:
    /// the aggregator answers none until 20 are open at once.
    @Test func twentyRequestsAreInFlightAtOnce() async throws {
        try await withAggregator { base, _ in
            let sender = TwilioSender(accountSID: "AC1", authToken: "secret", from: "+15005550006", baseURL: base.appendingPathComponent("together"), statusCallback: nil, timeout: 10)
            let messages = (1...20).map { message(Int64($0), "+223760000\(String(format: "%02d", $0))") }
            let outcomes = await sender.send("Bonjour", to: messages)
            #expect(outcomes.count == 20 && outcomes.values.allSatisfy { $0 == .accepted(messageId: "SM20") }, "\(Set(outcomes.values.map { "\($0)" }))")
        }
    }

    @Test func kannelGetsTheRightCodingAndADeliveryURLNamingTamasId() async throws {
        try await withAggregator { base, seen in
            let sender = KannelSender(
                sendsmsURL: base.appendingPathComponent("cgi-bin/sendsms"), username: "tama", password: "p&w", from: "384",
                deliveryURL: URL(string: "http://127.0.0.1:8080/dlr/kannel/S")
            )
            let ucs2 = QueuedMessage(id: 9, recipient: "+22376000009", text: "I bɛ di?", parts: 1, kind: .reply, attempts: 1, expiresAt: Date() + 60)
            #expect(await sender.send("I bɛ di?", to: [ucs2]) == [9: .accepted(messageId: nil)])
            let query = try FormEncoding.decode(try #require(seen.first))
            #expect(query["to"] == "+22376000009" && query["text"] == "I bɛ di?" && query["password"] == "p&w")
            #expect(query["coding"] == "2" && query["charset"] == "UTF-8" && query["dlr-mask"] == "31")
            #expect(query["dlr-url"] == "http://127.0.0.1:8080/dlr/kannel/S?id=9&type=%d&reply=%A")
        }
    }
}
