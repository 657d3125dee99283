import Foundation
import Logging
import TamaCore
import TamaStore
import TamaTestSupport
import Testing

@testable import TamaServer

@Suite struct WALCheckpointTests {
    /// A minute of webhooks' accepts as fast as four callers can commit them, with the WAL
    /// file's size looked at every 20 ms: it stays under its bound while the writes go on,
    /// because commits never checkpoint and the checkpointer restarts the WAL behind them.
    @Test func theWALStaysBoundedUnderAMinuteOfSteadyWrites() async throws {
        let temporary = try TemporaryDatabase()
        let database = try temporary.open()
        let checkpointer = try #require(try database.checkpointer())
        let metrics = TamaMetrics()
        let checkpoints = Task { try await WALCheckpoints(checkpointer: checkpointer, metrics: metrics, logger: Logger(label: "test")).run() }
        let wal = temporary.path + "-wal"
        let end = ContinuousClock.now + .seconds(60)
        let largest = Task {
            var largest = 0
            while ContinuousClock.now < end {
                let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size]) as? Int
                largest = max(largest, size ?? 0)
                try await Task.sleep(for: .milliseconds(20))
            }
            return largest
        }
        let written: Int = try await withThrowingTaskGroup(of: Int.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    var written = 0
                    while ContinuousClock.now < end {
                        let sms = InboundSMS(
                            route: "africastalking", externalId: "\(caller)-\(written)", phone: PhoneNumber("+2237600\(String(format: "%04d", written % 10_000))")!,
                            recipient: "384", text: "Le forage de Kayes est en panne depuis 3 mois", network: nil
                        )
                        _ = try await database.accept(sms, at: Date())
                        written += 1
                    }
                    return written
                }
            }
            return try await group.reduce(0, +)
        }
        checkpoints.cancel()
        // The WAL starts over past 4 MiB; what it holds by then depends on how fast the
        // writes come and whether a copy was held up (12.6-16.1 MiB measured here), and the
        // file keeps up to 16 MiB (`journal_size_limit`).
        let bound = 32 << 20
        // Enough that without the checkpointer the WAL outgrows the bound several times.
        #expect(written >= 20_000, "\(written) messages in a minute")
        let largestWAL = try await largest.value
        #expect(largestWAL <= bound, "the largest WAL: \(largestWAL) bytes, \(written) messages")
        // The checkpointer, not the writer's safety net at 16 MiB, is what started it over.
        var text: [UInt8] = []
        metrics.registry.emit(into: &text)
        let restarts = metric("tama_wal_restarts_total", in: String(decoding: text, as: UTF8.self)) ?? 0
        #expect(restarts >= 100, "\(restarts) restarts in a minute")
    }
}
