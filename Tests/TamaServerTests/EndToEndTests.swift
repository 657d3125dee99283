import Foundation
import GRDB
import Hummingbird
import Logging
import TamaAggregators
import TamaFakeAggregator
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite(.serialized) struct EndToEndTests {
    /// Tama and the fake aggregator on loopback: inbound SMS over HTTP get their replies,
    /// a broadcast goes out in batches through throttling and refusals, and delivery
    /// reports come back and close every message.
    @Test func messagesGoOutThroughTheFakeAggregatorAndComeBackDelivered() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        let (fakePort, tamaPort) = (freePort(), freePort())

        var fakeSettings = FakeAggregatorSettings()
        fakeSettings.throttleRate = 0.2
        fakeSettings.retryAfter = 1
        fakeSettings.refused = ["+22376100013"]
        fakeSettings.africasTalkingReportURL = URL(string: "http://127.0.0.1:\(tamaPort)/dlr/africastalking/\(secret)")
        let recorder = try FakeAggregatorRecorder()
        let fake = FakeAggregator.buildApplication(port: fakePort, settings: fakeSettings, recorder: recorder, logger: quietLogger)

        var configuration = sendingConfiguration(port: tamaPort)
        configuration.africasTalking.baseURL = URL(string: "http://127.0.0.1:\(fakePort)")!
        configuration.africasTalking.pacing = RoutePacing(rate: 500, burst: 100, price: 25)
        configuration.dispatch.quietHours = QuietHours(start: 0, end: 0)
        configuration.dispatch.dailyCap = nil
        let aggregator = Task { try await fake.runService() }
        defer { aggregator.cancel() }
        let server = try await startLive(database: database, configuration: configuration)
        defer { server.cancel() }

        // Five people text the short code.
        for n in 1...5 {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(tamaPort)/sms/africastalking/\(secret)")!)
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(FormEncoding.encode(["from": "+2237600000\(n)", "to": "384", "text": "JOIN", "id": "ATXid_in_\(n)"]).utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
        // And a broadcast to everyone: 300 more subscribers in two languages, one of whom
        // the operator refuses.
        let now = Date()
        let subscribers = (10..<310).map {
            SubscriberRow(phone: PhoneNumber("+2237610\(String(format: "%04d", $0))")!, language: $0 % 2 == 0 ? "fr" : "bm", source: "test")
        }
        try await database.importSubscribers(subscribers, campaign: "engageons-nous", at: now)
        let draft = BroadcastDraft(
            name: "Réunion", campaign: "engageons-nous", audience: Audience(communes: [], tags: []),
            texts: ["fr": "Réunion samedi", "bm": "Ɲɔgɔnye sibiridon"], fallback: "fr"
        )
        let broadcast = try await database.createBroadcast(draft, route: "africastalking", actor: "test", role: .campaign, at: now)
        // The fan-out runs in the daemon; once nothing is left to send the broadcast is finished.
        #expect(try await eventually(30) { try await database.broadcast(id: broadcast)?.status == .finished })
        let settled = try await eventually(30) {
            try await database.reader.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE status NOT IN ('delivered', 'failed')")! == 0
            }
        }
        #expect(settled)
        let statuses = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, status, COUNT(*) AS n FROM outboundMessage GROUP BY kind, status ORDER BY kind, status")
                .map { "\($0["kind"] as String) \($0["status"] as String) \($0["n"] as Int)" }
        }
        // The five who texted JOIN are subscribers too: the broadcast reaches 305 people.
        #expect(statuses == ["broadcast delivered 304", "broadcast failed 1", "reply delivered 5"])
        // Each accepted message reached the aggregator once; broadcasts went in batches.
        let accepted = recorder.messages
        #expect(accepted.count == 309)
        #expect(Set(accepted.map { "\($0.recipient) \($0.text)" }).count == 309)
        #expect(accepted.filter { $0.recipient == "+22376100011" }.map(\.text) == ["Ɲɔgɔnye sibiridon"])
        #expect(accepted.filter { $0.recipient == "+22376100012" }.map(\.text) == ["Réunion samedi"])
        #expect(recorder.requests < 309)
        let refusal = try await database.reader.read { try String.fetchOne($0, sql: "SELECT error FROM outboundMessage WHERE status = 'failed'") }
        #expect(refusal == "403 InvalidPhoneNumber")
    }
}
