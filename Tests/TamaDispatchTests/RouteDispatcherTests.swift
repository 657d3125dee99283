import Foundation
import GRDB
import Logging
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaDispatch
@testable import TamaStore

private let at = bamakoTime

private func sms(_ n: Int, _ kind: MessageKind, text: String = "Bonjour", start: Date, ttl: TimeInterval = 86_400 * 2) -> OutgoingSMS {
    OutgoingSMS(recipient: PhoneNumber("+22376\(String(format: "%06d", n))")!, text: text, route: "test", kind: kind, expiresAt: start + ttl)
}

/// Runs a dispatcher until no message is queued or leased (or `until` says so), then stops it.
private func dispatch(
    _ database: AppDatabase, clock: VirtualClock, sender: ScriptedSender, rate: Double = 1_000, burst: Int = 1_000,
    policy: DispatchPolicy = DispatchPolicy(), poll: TimeInterval = 1, until: (@Sendable () async throws -> Bool)? = nil
) async throws {
    var dispatcher = RouteDispatcher(
        route: "test", sender: sender, rate: rate, burst: burst, policy: policy, lease: 60, concurrency: 4,
        database: database, logger: Logger(label: "test"), clock: clock.clock
    )
    dispatcher.pollInterval = poll
    dispatcher.jitter = { 1 }
    let task = Task { try await dispatcher.run() }
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
        let pending = try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE status IN ('queued', 'sending')")!
        }
        if let until { if try await until() { break } } else if pending == 0 { break }
        try await Task.sleep(nanoseconds: 5_000_000)
    }
    task.cancel()
    _ = await task.result
}

@Suite struct RouteDispatcherTests {
    @Test func partsGoOutAtTheRouteRate() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        // 150 one-part and 50 two-part messages: 250 parts at 20 parts/s after a burst of 5.
        try await database.enqueue((0..<200).map { sms($0, .broadcast, text: $0 < 150 ? "court" : String(repeating: "x", count: 200), start: start) }, at: start)
        let sender = ScriptedSender(clock: clock)
        try await dispatch(database, clock: clock, sender: sender, rate: 20, burst: 5, policy: DispatchPolicy(dailyBroadcastCap: nil))
        #expect(try await queueStatuses(database) == ["sent": 200])
        let calls = sender.recorded
        #expect(calls.count == 200)
        let elapsed = calls.last!.at.timeIntervalSince(start)
        // The last request leaves when its own parts are paid for.
        #expect(abs(elapsed - Double(250 - 5) / 20) < 0.01)
    }

    @Test func repliesOvertakeQueuedBroadcasts() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue((0..<30).map { sms($0, .broadcast, start: start) }, at: start)
        try await database.enqueue((100..<103).map { sms($0, .reply, text: "Merci", start: start) }, at: start)
        try await database.enqueue([sms(200, .notification, text: "Réponse du maire", start: start)], at: start)
        let sender = ScriptedSender(clock: clock)
        try await dispatch(database, clock: clock, sender: sender, rate: 5, burst: 1, policy: DispatchPolicy(dailyBroadcastCap: nil))
        let texts = sender.recorded.map(\.text)
        #expect(Array(texts.prefix(4)) == ["Merci", "Merci", "Merci", "Réponse du maire"])
        #expect(texts.count == 34)
    }

    @Test func broadcastsWaitForTheEndOfQuietHoursWhileRepliesGo() async throws {
        let start = at("2026-11-21 22:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, .broadcast, start: start), sms(2, .reply, text: "Merci", start: start)], at: start)
        let sender = ScriptedSender(clock: clock)
        try await dispatch(database, clock: clock, sender: sender, poll: 600)
        let calls = sender.recorded
        #expect(calls.map(\.text) == ["Merci", "Bonjour"])
        #expect(calls[0].at < start + 5)
        #expect(calls[1].at >= at("2026-11-22 07:00") && calls[1].at < at("2026-11-22 07:15"))
    }

    @Test func theDailyCapHoldsTheThirdBroadcastUntilTomorrow() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue((1...3).map { sms(7, .broadcast, text: "Message \($0)", start: start) }, at: start)
        let sender = ScriptedSender(clock: clock)
        try await dispatch(database, clock: clock, sender: sender, policy: DispatchPolicy(dailyBroadcastCap: 2), poll: 900)
        let calls = sender.recorded
        #expect(calls.count == 3)
        #expect(calls[2].at >= at("2026-11-22 07:00"))
        #expect(calls[1].at < at("2026-11-21 10:01"))
    }

    @Test func aStopAfterQueueingCancelsTheBroadcast() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, .broadcast, start: start), sms(2, .broadcast, start: start)], at: start)
        let stop = InboundSMS(route: "test", externalId: "m1", phone: sms(1, .broadcast, start: start).recipient, recipient: "384", text: "STOP")
        _ = try await database.receive(stop, at: start, replyTTL: 600) { _ in SMSOutcome(service: "s", effects: [.optOut]) }
        let sender = ScriptedSender(clock: clock)
        try await dispatch(database, clock: clock, sender: sender)
        #expect(sender.recorded.flatMap(\.recipients) == ["+22376000002"])
        #expect(try await queueStatuses(database) == ["sent": 1, "cancelled": 1])
    }

    @Test func transientFailuresAreRetriedAfterBackoffOrRetryAfter() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, .reply, start: start), sms(2, .reply, text: "Autre", start: start)], at: start)
        let sender = ScriptedSender(clock: clock) { message, _ in
            // Each message fails twice, then goes: the first with 429 + Retry-After, the second with 503.
            message.attempts < 3
                ? (message.recipient.hasSuffix("1")
                    ? .transient(reason: "HTTP 429", retryAfter: 120) : .transient(reason: "HTTP 503", retryAfter: nil))
                : .accepted(messageId: "id-\(message.id)")
        }
        let policy = DispatchPolicy(backoff: Backoff(base: 5, cap: 900))
        try await dispatch(database, clock: clock, sender: sender, policy: policy, poll: 1)
        #expect(try await queueStatuses(database) == ["sent": 2])
        let first = sender.recorded.filter { $0.recipients == ["+22376000001"] }.map { $0.at.timeIntervalSince(start) }
        let second = sender.recorded.filter { $0.recipients == ["+22376000002"] }.map { $0.at.timeIntervalSince(start) }
        #expect(first.count == 3 && second.count == 3)
        // Retry-After 120 s each time; backoff 5 s then 10 s (jitter 1), each up to a poll late.
        #expect(first[1] - first[0] >= 120 && first[1] - first[0] < 122)
        #expect(first[2] - first[1] >= 120 && first[2] - first[1] < 122)
        #expect(second[1] - second[0] >= 5 && second[1] - second[0] < 7)
        #expect(second[2] - second[1] >= 10 && second[2] - second[1] < 12)
    }

    @Test func refusalsAreFinalAndAMessageThatCannotGoExpires() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, .reply, start: start), sms(2, .reply, text: "Autre", start: start, ttl: 60)], at: start)
        let sender = ScriptedSender(clock: clock) { message, _ in
            message.recipient.hasSuffix("1") ? .refused(reason: "403 InvalidPhoneNumber") : .transient(reason: "timeout", retryAfter: nil)
        }
        try await dispatch(database, clock: clock, sender: sender)
        #expect(try await queueStatuses(database) == ["failed": 1, "expired": 1])
        let reason = try await database.reader.read { try String.fetchOne($0, sql: "SELECT error FROM outboundMessage WHERE status = 'failed'") }
        #expect(reason == "403 InvalidPhoneNumber")
    }

    @Test func oneTextGoesToManyRecipientsPerRequestWhereTheAPIAllows() async throws {
        let start = at("2026-11-21 10:00")
        let clock = VirtualClock(start)
        let database = try AppDatabase.inMemory()
        try await database.enqueue((0..<250).map { sms($0, .broadcast, start: start) }, at: start)
        try await database.enqueue([sms(0, .broadcast, text: "Autre", start: start)], at: start)
        let sender = ScriptedSender(clock: clock, maxRecipients: 100)
        try await dispatch(database, clock: clock, sender: sender, policy: DispatchPolicy(dailyBroadcastCap: nil))
        let sizes = sender.recorded.map(\.recipients.count)
        #expect(sizes.reduce(0, +) == 251)
        #expect(sizes.max() == 100)
        #expect(sender.recorded.allSatisfy { Set($0.recipients).count == $0.recipients.count })
    }

    @Test func aMessageLeftLeasedByADeadDispatcherIsSentOnceItsLeaseRunsOut() async throws {
        let start = at("2026-11-21 10:00")
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, .reply, start: start)], at: start)
        // A dispatcher claims it for 60 s and dies without a word.
        let orphan = try await database.claimDue(route: "test", limit: 1, now: start, lease: 60, quietHours: false, dayStart: start)
        #expect(orphan.count == 1)
        let clock = VirtualClock(start + 30)
        let sender = ScriptedSender(clock: clock)
        try await dispatch(database, clock: clock, sender: sender, poll: 10)
        let calls = sender.recorded
        #expect(calls.count == 1)
        #expect(calls[0].at >= start + 60 && calls[0].at < start + 100)
        let attempts = try await database.reader.read { try Int.fetchOne($0, sql: "SELECT attempts FROM outboundMessage")! }
        #expect(attempts == 2)
    }
}
