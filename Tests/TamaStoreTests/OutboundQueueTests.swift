import Foundation
import GRDB
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

private let start = Date(timeIntervalSince1970: 1_800_000_000)
private let day = start.addingTimeInterval(-3_600)

private func sms(_ n: Int, kind: MessageKind = .broadcast, text: String = "Bonjour", expires: TimeInterval = 86_400) -> OutgoingSMS {
    OutgoingSMS(
        recipient: PhoneNumber("+2237600\(String(format: "%04d", n))")!, text: text, route: "at", kind: kind,
        expiresAt: start + expires
    )
}

@Suite struct OutboundQueueTests {
    @Test func enqueueingStoresEncodingAndPartsInBatches() async throws {
        let database = try AppDatabase.inMemory()
        let count = try await database.enqueue((0..<4_500).map { sms($0, text: $0 == 0 ? String(repeating: "ɛ", count: 71) : "Bonjour") }, at: start)
        #expect(count == 4_500)
        let first = try database.reader.read { try Row.fetchOne($0, sql: "SELECT encoding, parts FROM outboundMessage ORDER BY id LIMIT 1") }
        #expect(first?["encoding"] == "ucs2")
        #expect(first?["parts"] == 2)
        #expect(try await queueStatuses(database) == ["queued": 4_500])
    }

    @Test func repliesAreClaimedBeforeBroadcastsAndALeaseIsTakenOnce() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1), sms(2, kind: .notification), sms(3, kind: .reply)], at: start)
        let claimed = try await database.claimDue(route: "at", limit: 2, now: start, lease: 60, quietHours: false, dayStart: day)
        #expect(claimed.map(\.kind) == [.reply, .notification])
        #expect(claimed.allSatisfy { $0.attempts == 1 })
        let rest = try await database.claimDue(route: "at", limit: 10, now: start, lease: 60, quietHours: false, dayStart: day)
        #expect(rest.map(\.kind) == [.broadcast])
        #expect(try await database.claimDue(route: "at", limit: 10, now: start, lease: 60, quietHours: false, dayStart: day).isEmpty)
        #expect(try await database.claimDue(route: "other", limit: 10, now: start, lease: 60, quietHours: false, dayStart: day).isEmpty)
    }

    /// Nobody is woken at night by a broadcast or an official's notification; someone
    /// who just wrote gets their reply.
    @Test func quietHoursLeaveBroadcastsAndNotificationsInTheQueue() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1), sms(2, kind: .reply), sms(3, kind: .notification)], at: start)
        let claimed = try await database.claimDue(route: "at", limit: 10, now: start, lease: 60, quietHours: true, dayStart: day)
        #expect(claimed.map(\.kind) == [.reply])
        let morning = try await database.claimDue(route: "at", limit: 10, now: start, lease: 60, quietHours: false, dayStart: day)
        #expect(morning.map(\.kind) == [.notification, .broadcast])
    }

    @Test func anExpiredLeaseGoesBackToTheQueue() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1)], at: start)
        let first = try await database.claimDue(route: "at", limit: 10, now: start, lease: 30, quietHours: false, dayStart: day)
        #expect(try await database.releaseExpiredLeases(now: start + 29) == 0)
        #expect(try await database.releaseExpiredLeases(now: start + 31) == 1)
        let again = try await database.claimDue(route: "at", limit: 10, now: start + 31, lease: 30, quietHours: false, dayStart: day)
        #expect(again.map(\.id) == first.map(\.id))
        #expect(again.first?.attempts == 2)
        // The first dispatcher's late answer does not overwrite the second lease.
        try await database.record([DispatchResult(first[0], .failed(reason: "late"))], at: start + 32)
        #expect(try await queueStatuses(database) == ["sending": 1])
        try await database.record([DispatchResult(again[0], .sent(aggregatorMessageId: "X1"))], at: start + 33)
        #expect(try await queueStatuses(database) == ["sent": 1])
    }

    @Test func resultsMoveMessagesThroughTheirStatuses() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue((1...5).map { sms($0) }, at: start)
        let claimed = try await database.claimDue(route: "at", limit: 5, now: start, lease: 60, quietHours: false, dayStart: day)
        try await database.record(
            [
                DispatchResult(claimed[0], .sent(aggregatorMessageId: "ATXid_1")),
                DispatchResult(claimed[1], .retry(at: start + 10, reason: "HTTP 503")),
                DispatchResult(claimed[2], .failed(reason: "InvalidPhoneNumber")),
                DispatchResult(claimed[3], .cancelled(reason: "opted out")),
                DispatchResult(claimed[4], .deferred(until: start + 3_600)),
            ],
            at: start
        )
        #expect(try await queueStatuses(database) == ["sent": 1, "queued": 2, "failed": 1, "cancelled": 1])
        // The retry is due after 10 s, the deferred one after an hour, with its attempt given back.
        #expect(try await database.claimDue(route: "at", limit: 5, now: start + 9, lease: 60, quietHours: false, dayStart: day).isEmpty)
        let retried = try await database.claimDue(route: "at", limit: 5, now: start + 10, lease: 60, quietHours: false, dayStart: day)
        #expect(retried.map(\.id) == [claimed[1].id] && retried[0].attempts == 2)
        let deferred = try await database.claimDue(route: "at", limit: 5, now: start + 3_600, lease: 60, quietHours: false, dayStart: day)
        #expect(deferred.map(\.id) == [claimed[4].id] && deferred[0].attempts == 1)

        #expect(try await database.recordDelivery(DeliveryReport(messageId: "ATXid_1", outcome: .delivered), route: "at", at: start + 20))
        #expect(try await database.recordDelivery(DeliveryReport(messageId: "unknown", outcome: .delivered), route: "at", at: start + 20) == false)
        #expect(try await queueStatuses(database)["delivered"] == 1)
    }

    @Test func aMessagePastItsTTLExpiresInsteadOfGoing() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, expires: 60), sms(2, expires: 600)], at: start)
        #expect(try await database.expireOverdue(route: "at", now: start + 60) == 1)
        let claimed = try await database.claimDue(route: "at", limit: 5, now: start + 60, lease: 60, quietHours: false, dayStart: day)
        #expect(claimed.count == 1)
        #expect(try await queueStatuses(database) == ["expired": 1, "sending": 1])
    }

    @Test func aClaimedBroadcastCarriesItsRecipientsOptOutAndTodaysCount() async throws {
        let database = try AppDatabase.inMemory()
        let stopped = InboundSMS(route: "at", externalId: "in-1", phone: sms(1).recipient, recipient: "384", text: "STOP")
        _ = try await database.receive(stopped, at: start, replyTTL: 600) { _ in SMSOutcome(service: "x", effects: [.optOut]) }
        try await database.enqueue([sms(1), sms(2)], at: start)
        let first = try await database.claimDue(route: "at", limit: 5, now: start, lease: 60, quietHours: false, dayStart: day)
        #expect(first.map(\.recipientOptedOut) == [true, false])
        try await database.record(first.map { DispatchResult($0, .sent(aggregatorMessageId: nil)) }, at: start)
        try await database.enqueue([sms(2)], at: start)
        let second = try await database.claimDue(route: "at", limit: 5, now: start + 1, lease: 60, quietHours: false, dayStart: day)
        #expect(second.map(\.broadcastsToday) == [1])
    }

    @Test func anInboundSMSIsStoredOnceWithItsEffectsAndReply() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        let message = InboundSMS(route: "at", externalId: "ATXid_9", phone: PhoneNumber("+22376000009")!, recipient: "384", text: "JOIN")
        let respond: @Sendable (SMSContext) -> SMSOutcome = { context in
            SMSOutcome(service: "engageons-nous", effects: [.subscribe(campaign: "engageons-nous")], reply: "Bienvenue \(context.nextQuestionNumber)")
        }
        let results = try await withThrowingTaskGroup(of: AppDatabase.Acceptance.self) { group in
            for _ in 0..<5 { group.addTask { try await database.receive(message, at: start, replyTTL: 600, respond: respond) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 == .duplicate }.count == 4)
        let reopened = try file.open()
        let counts = try await reopened.reader.read { db in
            try [
                Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inboundMessage WHERE service = 'engageons-nous' AND status = 'handled'")!,
                Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscription WHERE status = 'active'")!,
                Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE kind = 'reply' AND text = 'Bienvenue 1' AND inboundId IS NOT NULL")!,
            ]
        }
        #expect(counts == [1, 1, 1])
    }

    @Test func aReportThatOvertakesTheSendsAnswerIsAppliedWhenTheAnswerIsRecorded() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([sms(1, kind: .reply)], at: start)
        let claimed = try await database.claimDue(route: "at", limit: 1, now: start, lease: 60, quietHours: false, dayStart: day)
        #expect(try await database.recordDelivery(DeliveryReport(messageId: "ATXid_5", outcome: .delivered), route: "at", at: start) == false)
        try await database.record([DispatchResult(claimed[0], .sent(aggregatorMessageId: "ATXid_5"))], at: start + 1)
        #expect(try await queueStatuses(database) == ["delivered": 1])
        // One that never finds its message is forgotten after a day.
        try await database.recordDelivery(DeliveryReport(messageId: "ATXid_other", outcome: .failed(reason: "x")), route: "at", at: start)
        #expect(try await database.pruneEarlyDeliveryReports(before: start + 86_400) == 1)
    }
}
