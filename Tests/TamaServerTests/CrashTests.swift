import Foundation
import GRDB
import Hummingbird
import Logging
import TamaAggregators
import TamaFakeAggregator
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `tama serve` as a process, next to this test's own binary; sending through the fake
/// aggregator on `fakePort`, or not sending at all without one.
private func startTama(database: String, port: Int, fakePort: Int?, log: URL) throws -> Process {
    let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
    let arguments = ["serve", "--port", "\(port)", "--database", database, "--menus", shippedMenusPath, "--log-level", "warning"]
    var environment = [
        "TAMA_AFRICASTALKING_CALLBACK_SECRET": secret,
        "TAMA_DISPATCH_QUIET_HOURS": "00:00-00:00", "TAMA_DISPATCH_DAILY_CAP": "0", "TAMA_DISPATCH_LEASE": "5",
    ]
    if let fakePort {
        environment.merge([
            "TAMA_AFRICASTALKING_USERNAME": "sandbox", "TAMA_AFRICASTALKING_API_KEY": "key",
            "TAMA_AFRICASTALKING_BASE_URL": "http://127.0.0.1:\(fakePort)",
            "TAMA_AFRICASTALKING_RATE": "400", "TAMA_AFRICASTALKING_BURST": "100",
        ]) { $1 }
    }
    return try startProcess(tama, arguments, environment: environment, log: log)
}

@Suite(.serialized) struct CrashTests {
    /// SIGKILL in the middle of a broadcast, then a restart: every message reaches the
    /// aggregator, and only those leased at the kill may reach it twice.
    @Test func aKilledDispatcherLosesNothingAndRepeatsOnlyWhatWasInFlight() async throws {
        let folder = try TemporaryDatabase()
        let total = 3_000
        do {
            let database = try folder.open()
            let now = Date()
            try await database.enqueue(
                (0..<total).map {
                    OutgoingSMS(recipient: PhoneNumber("+2237620\(String(format: "%04d", $0))")!, text: "Rappel: vaccination samedi",
                                route: "africastalking", kind: .broadcast, expiresAt: now + 86_400)
                },
                at: now
            )
        }
        var settings = FakeAggregatorSettings()
        settings.latency = 0.02
        let recorder = try FakeAggregatorRecorder()
        let fakePort = freePort()
        let fake = FakeAggregator.buildApplication(port: fakePort, settings: settings, recorder: recorder, logger: quietLogger)
        let fakeTask = Task { try await fake.runService() }
        defer { fakeTask.cancel() }

        let port = freePort()
        let log = folder.folder.appendingPathComponent("tama.log")
        let first = try startTama(database: folder.path, port: port, fakePort: fakePort, log: log)
        let midway = try await eventually(60) { recorder.messages.count >= total / 3 }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(midway, "the dispatcher never got going: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        #expect(first.terminationReason == .uncaughtSignal)

        let inFlight: Set<String> = try await {
            let database = try folder.open()
            return Set(try await database.reader.read { db in
                try String.fetchAll(db, sql: "SELECT recipient FROM outboundMessage WHERE status = 'sending'")
            })
        }()
        let sentBeforeKill = recorder.messages.count
        #expect(sentBeforeKill < total)

        let second = try startTama(database: folder.path, port: port, fakePort: fakePort, log: log)
        let database = try folder.open()
        let finished = try await eventually(90) {
            try await database.reader.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE status = 'sent'")! == total
            }
        }
        second.terminate()
        second.waitUntilExit()
        #expect(finished)
        #expect(second.terminationStatus == 0)

        var times: [String: Int] = [:]
        for message in recorder.messages { times[message.recipient, default: 0] += 1 }
        #expect(times.count == total, "every message reached the aggregator")
        let repeated = Set(times.filter { $0.value > 1 }.keys)
        #expect(repeated.isSubset(of: inFlight), "repeated but not in flight: \(repeated.subtracting(inFlight).sorted().prefix(5))")
        #expect(times.values.allSatisfy { $0 <= 2 })
    }

    /// SIGKILL while a broadcast is being fanned out, batch by batch, then a restart: the
    /// daemon carries on from the last committed batch and queues everyone exactly once.
    @Test func aKilledFanOutQueuesEveryoneExactlyOnce() async throws {
        let folder = try TemporaryDatabase()
        let total = 60_000
        let id: Int64
        do {
            let database = try folder.open()
            let rows = (0..<total).map { SubscriberRow(phone: PhoneNumber("+2237\(String(format: "%07d", $0))")!, language: $0 % 3 == 0 ? "bm" : "fr", source: "test") }
            try await database.importSubscribers(rows, campaign: "engageons-nous", at: Date())
            let draft = BroadcastDraft(
                name: "Vaccination", campaign: "engageons-nous", audience: Audience(),
                texts: ["fr": "Vaccination samedi", "bm": "Boloci sibiridon"], fallback: "fr"
            )
            id = try await database.createBroadcast(draft, route: "africastalking", actor: "test", role: .campaign, at: Date())
        }
        let database = try folder.open()
        func state() async throws -> (status: String, queued: Int) {
            let broadcast = try await database.broadcast(id: id)
            return (broadcast?.status.rawValue ?? "", broadcast?.queued ?? 0)
        }
        // No aggregator: the queue only fills, so what it holds is what the fan-out wrote.
        let port = freePort()
        let log = folder.folder.appendingPathComponent("tama.log")
        let first = try startTama(database: folder.path, port: port, fakePort: nil, log: log)
        let started = try await eventually(60, interval: 0.002) { try await state().queued > 0 }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(started, "the fan-out never started: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        // What was committed at the kill: some batches, not all.
        let atKill = try await state()
        #expect(atKill.status == "fanning_out" && atKill.queued < total, "the kill came after the fan-out: \(atKill)")

        let second = try startTama(database: folder.path, port: port, fakePort: nil, log: log)
        let done = try await eventually(60) { try await state().status == "sending" }
        second.terminate()
        second.waitUntilExit()
        #expect(done)
        #expect(try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE broadcastId = \(id)") == total)
        #expect(try await count(database, "SELECT COUNT(DISTINCT recipient) FROM outboundMessage WHERE broadcastId = \(id)") == total)
        #expect(try await state().queued == total)
    }

    /// SMS accepted and then SIGKILLed before the responder got to them: after a restart
    /// each is answered exactly once. A trigger makes every response fail until the kill,
    /// so the kill surely falls between the two; the accept rows are the work.
    @Test func messagesAcceptedAndKilledBeforeTheirAnswerAreAnsweredOnceAfterARestart() async throws {
        let folder = try TemporaryDatabase()
        let hold = "CREATE TRIGGER holdAnswers BEFORE UPDATE OF status ON inboundMessage BEGIN SELECT RAISE(ABORT, 'held by the test'); END"
        do {
            let database = try folder.open()
            try await database.writer.write { try $0.execute(sql: hold) }
        }
        let port = freePort()
        let log = folder.folder.appendingPathComponent("tama.log")
        let first = try startTama(database: folder.path, port: port, fakePort: nil, log: log)
        #expect(try await eventually(30) { (try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)) != nil })
        let total = 40
        for n in 0..<total {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/sms/africastalking/\(secret)")!)
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            let phone = "+2237630\(String(format: "%04d", n))"
            request.httpBody = Data(FormEncoding.encode([("from", phone), ("to", "384"), ("text", "JOIN"), ("id", "kill-\(n)")]).utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
        let database = try folder.open()
        // The responder has tried (and failed) at least once since the last message.
        try await Task.sleep(for: .seconds(1.5))
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage WHERE status = 'accepted'") == total)
        #expect(try await count(database, "SELECT COUNT(*) FROM outboundMessage") == 0)

        try await database.writer.write { try $0.execute(sql: "DROP TRIGGER holdAnswers") }
        let second = try startTama(database: folder.path, port: port, fakePort: nil, log: log)
        let answered = try await eventually(30) {
            try await count(database, "SELECT COUNT(*) FROM inboundMessage WHERE status = 'handled'") == total
        }
        second.terminate()
        second.waitUntilExit()
        #expect(answered, "\(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        #expect(try await count(database, "SELECT COUNT(*) FROM subscription WHERE status = 'active'") == total)
        #expect(try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE kind = 'reply'") == total)
        #expect(try await count(database, "SELECT COUNT(DISTINCT inboundId) FROM outboundMessage WHERE kind = 'reply'") == total)
    }
}
