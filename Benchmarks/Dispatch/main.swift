import Foundation
import Hummingbird
import Logging
import TamaAggregators
import TamaCore
import TamaDispatch
import TamaFakeAggregator
import TamaStore
import TamaTestSupport

// scripts/bench dispatch: the outbound queue and dispatcher against the fake aggregator
// (Africa's Talking API, in this process, on loopback), on a SQLite file in WAL mode.
//   1. enqueue 100,000 messages;
//   2. dispatch them with no rate limit;
//   3. dispatch at a configured 50 parts/s for 30 s and measure the rate.

let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 100_000
let rateSeconds = Double(CommandLine.arguments.dropFirst(2).first ?? "") ?? 30
var logger = Logger(label: "bench")
logger.logLevel = .error
let neverQuiet = DispatchPolicy(quietHours: QuietHours(start: 0, end: 0), dailyBroadcastCap: nil)

func messages(_ n: Int, route: String, start: Date) -> [OutgoingSMS] {
    (0..<n).map {
        OutgoingSMS(
            recipient: PhoneNumber("+2237\(String(format: "%07d", $0))")!, text: "Rappel: la campagne de vaccination commence samedi a Kayes.",
            route: route, kind: .broadcast, expiresAt: start + 86_400
        )
    }
}

func sentCount(_ database: AppDatabase) async throws -> Int {
    try await database.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outboundMessage WHERE status = 'sent'")! }
}

let recorder = try FakeAggregatorRecorder()
let fakePort = freePort()
let fake = FakeAggregator.buildApplication(port: fakePort, settings: FakeAggregatorSettings(), recorder: recorder, logger: logger)
let fakeTask = Task { try await fake.runService() }
let sender = AfricasTalkingSender(username: "bench", apiKey: "bench", baseURL: URL(string: "http://127.0.0.1:\(fakePort)")!, senderID: nil)
try await Task.sleep(nanoseconds: 300_000_000)

// 1. Enqueue.
let folder = try TemporaryDatabase()
let database = try folder.open()
let start = Date()
let batch = messages(count, route: "africastalking", start: start)
let enqueueStart = Date()
try await database.enqueue(batch, at: start)
let enqueueSeconds = Date().timeIntervalSince(enqueueStart)

// 2. Dispatch without a rate limit.
let unthrottled = RouteDispatcher(
    route: "africastalking", sender: sender, rate: 1_000_000, burst: 1_000_000, policy: neverQuiet, lease: 60, concurrency: 8,
    database: database, logger: logger
)
let dispatchStart = Date()
let dispatchTask = Task { try await unthrottled.run() }
while try await sentCount(database) < count {
    try await Task.sleep(nanoseconds: 20_000_000)
}
let dispatchSeconds = Date().timeIntervalSince(dispatchStart)
dispatchTask.cancel()
_ = await dispatchTask.result
let received = recorder.messages.count
let distinct = Set(recorder.messages.map(\.recipient)).count

// 3. Dispatch at 50 parts/s.
let rate = 50.0
let paced = try TemporaryDatabase().open()
let pacedOffset = recorder.messages.count
try await paced.enqueue(messages(Int(rate * (rateSeconds + 10)), route: "africastalking", start: start), at: Date())
let pacedDispatcher = RouteDispatcher(
    route: "africastalking", sender: sender, rate: rate, burst: 5, policy: neverQuiet, lease: 60, concurrency: 8,
    database: paced, logger: logger
)
let pacedTask = Task { try await pacedDispatcher.run() }
try await Task.sleep(nanoseconds: UInt64((rateSeconds + 3) * 1e9))
pacedTask.cancel()
_ = await pacedTask.result
let pacedTimes = recorder.messages.dropFirst(pacedOffset).map(\.at)
// Measured from the first message after the initial burst, over `rateSeconds`.
let windowStart = pacedTimes[5]
let inWindow = pacedTimes.filter { $0 > windowStart && $0 <= windowStart + rateSeconds }.count
let measured = Double(inWindow) / rateSeconds
fakeTask.cancel()

func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
let enqueueRate = Double(count) / enqueueSeconds
let dispatchRate = Double(count) / dispatchSeconds
let error = (measured - rate) / rate * 100
print("enqueue:    \(count) rows in \(String(format: "%.2f", enqueueSeconds)) s = \(Int(enqueueRate)) rows/s")
print("dispatch:   \(count) messages in \(String(format: "%.2f", dispatchSeconds)) s = \(Int(dispatchRate)) messages/s (aggregator received \(received), \(distinct) distinct recipients)")
print("rate:       configured \(Int(rate)) parts/s, measured \(String(format: "%.2f", measured)) parts/s over \(Int(rateSeconds)) s (\(String(format: "%+.2f", error)) %)")
print("targets: enqueue >= 100000 rows/s: \(verdict(enqueueRate >= 100_000)); dispatch >= 2000 messages/s: \(verdict(dispatchRate >= 2_000)); rate within 2 %: \(verdict(abs(error) <= 2))")
// The database takes hundreds of megabytes: it goes with the run.
try? FileManager.default.removeItem(at: folder.folder)
if received != count || distinct != count { print("error: the aggregator did not receive each message exactly once"); exit(1) }
