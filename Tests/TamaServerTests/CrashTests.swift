import Foundation
import GRDB
import Hummingbird
import Logging
import TamaFakeAggregator
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

#if canImport(Glibc)
    import Glibc
#endif

/// `tama serve` as a process, next to this test's own binary.
private func startTama(database: String, port: Int, fakePort: Int, log: URL) throws -> Process {
    let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
    let arguments = ["serve", "--port", "\(port)", "--database", database, "--menus", shippedMenusPath, "--log-level", "warning"]
    let environment = [
        "TAMA_AFRICASTALKING_CALLBACK_SECRET": secret,
        "TAMA_AFRICASTALKING_USERNAME": "sandbox", "TAMA_AFRICASTALKING_API_KEY": "key",
        "TAMA_AFRICASTALKING_BASE_URL": "http://127.0.0.1:\(fakePort)",
        "TAMA_AFRICASTALKING_RATE": "400", "TAMA_AFRICASTALKING_BURST": "100",
        "TAMA_DISPATCH_QUIET_HOURS": "00:00-00:00", "TAMA_DISPATCH_DAILY_CAP": "0", "TAMA_DISPATCH_LEASE": "5",
    ]
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
}
