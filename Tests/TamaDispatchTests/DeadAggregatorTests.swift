import Foundation
import GRDB
import Logging
import Synchronization
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaDispatch
@testable import TamaStore

/// An aggregator that refuses connections for two hours, then hangs them for two more
/// (each request waits out a 15 s timeout), then answers again: all in virtual time.
private final class OutageSender: SMSSender, Sendable {
    let maxRecipientsPerRequest = 1
    let clock: VirtualClock
    let refusingUntil: Date
    let hangingUntil: Date
    private let calls = Mutex<[(at: Date, recipient: String, accepted: Bool)]>([])

    init(clock: VirtualClock, refusingUntil: Date, hangingUntil: Date) {
        self.clock = clock
        self.refusingUntil = refusingUntil
        self.hangingUntil = hangingUntil
    }

    var recorded: [(at: Date, recipient: String, accepted: Bool)] { calls.withLock { $0 } }

    func send(_ text: String, to messages: [QueuedMessage]) async -> [Int64: SendOutcome] {
        var outcome = SendOutcome.accepted(messageId: nil)
        if clock.now < refusingUntil {
            outcome = .transient(reason: "connection refused", retryAfter: nil)
        } else if clock.now < hangingUntil {
            try? await clock.clock.sleep(15)
            outcome = .transient(reason: "timed out after 15 s", retryAfter: nil)
        }
        let accepted = outcome == .accepted(messageId: nil)
        calls.withLock { calls in calls += messages.map { (clock.now, $0.recipient, accepted) } }
        return Dictionary(uniqueKeysWithValues: messages.map { ($0.id, outcome) })
    }
}

@Suite struct DeadAggregatorTests {
    @Test func anAfternoonWithoutTheAggregatorLosesNothingAndTheBacklogDrainsRepliesFirst() async throws {
        let start = bamakoTime("2026-11-21 10:00")
        let back = start + 4 * 3_600
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        func sms(_ phone: String, _ kind: MessageKind, ttl: TimeInterval) -> OutgoingSMS {
            OutgoingSMS(recipient: PhoneNumber(phone)!, text: kind == .reply ? "Merci \(phone)" : "Réunion samedi", route: "test", kind: kind, expiresAt: start + ttl)
        }
        try await database.enqueue((0..<40).map { sms("+223760\(String(format: "%05d", $0))", .broadcast, ttl: 3 * 86_400) }, at: start)
        try await database.enqueue([sms("+22377000001", .reply, ttl: 86_400), sms("+22377000002", .reply, ttl: 3_600)], at: start)
        // A reply queued an hour in, while the aggregator is down. Queued now with that time,
        // not when the virtual clock passes it: the clock can run past the outage between two
        // looks of a test loop.
        try await database.enqueue([sms("+22377000003", .reply, ttl: 86_400)], at: start + 3_600)
        let sender = OutageSender(clock: clock, refusingUntil: start + 2 * 3_600, hangingUntil: back)
        var dispatcher = RouteDispatcher(
            route: "test", sender: sender, rate: 2, burst: 2, policy: DispatchPolicy(dailyBroadcastCap: nil), lease: 60, concurrency: 4,
            database: database, logger: Logger(label: "test"), clock: clock.clock
        )
        dispatcher.jitter = { 1 }
        let task = Task { try await dispatcher.run() }

        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE status IN ('queued', 'sending')") == 0 { break }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        task.cancel()
        _ = await task.result

        #expect(try await queueStatuses(database) == ["sent": 42, "expired": 1], "nothing failed for want of attempts; the one-hour reply expired")
        let calls = sender.recorded
        let duringOutage = calls.filter { $0.at < back }
        #expect(duringOutage.count < 70, "a few requests, then one probe now and then, not every message ten times")
        let maxAttempts = try await count(database, "SELECT MAX(attempts) FROM outboundMessage WHERE status = 'sent'")
        #expect(maxAttempts < 10)
        let accepted = calls.filter(\.accepted)
        #expect(accepted.count == 42 && accepted.allSatisfy { $0.at >= back })
        #expect(Set(accepted.prefix(2).map(\.recipient)) == ["+22377000001", "+22377000003"], "replies first")
        // 40 one-part broadcasts at 2 parts/s once the route is back.
        let broadcasts = accepted.dropFirst(2).map(\.at)
        #expect(broadcasts.last!.timeIntervalSince(broadcasts.first!) >= 18)
    }
}

private func count(_ database: AppDatabase, _ sql: String) async throws -> Int {
    try await database.reader.read { try Int.fetchOne($0, sql: sql) ?? 0 }
}
