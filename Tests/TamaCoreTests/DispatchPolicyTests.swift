import Foundation
import TamaTestSupport
import Testing

@testable import TamaCore

private let at = bamakoTime

private func message(_ kind: MessageKind, attempts: Int = 1, expires: String = "2026-12-31 00:00", optedOut: Bool = false, today: Int = 0)
    -> QueuedMessage
{
    QueuedMessage(
        id: 1, recipient: "+22376000000", text: "x", parts: 1, kind: kind, attempts: attempts, expiresAt: at(expires),
        recipientOptedOut: optedOut, broadcastsToday: today
    )
}

@Suite struct DispatchPolicyTests {
    @Test func theBucketPacesPartsAtItsRate() {
        var bucket = TokenBucket(rate: 50, burst: 10)
        let start = at("2026-11-21 10:00")
        var clock = start
        var sent = 0
        // Send 3-part messages for as long as it takes to send 1,000 parts.
        while sent < 1_000 {
            clock += bucket.take(3, at: clock)
            sent += 3
        }
        let elapsed = clock.timeIntervalSince(start)
        // The burst goes at once; the rest at exactly 50 parts/s.
        #expect(abs(elapsed - Double(sent - 10) / 50) < 1e-6)
    }

    @Test func theBucketRefillsUpToItsBurstOnly() {
        var bucket = TokenBucket(rate: 10, burst: 5)
        let start = at("2026-11-21 10:00")
        #expect(bucket.take(5, at: start) == 0)
        #expect(bucket.available(at: start) == 0)
        #expect(bucket.available(at: start + 3_600) == 5)
        #expect(abs(bucket.take(7, at: start + 3_600) - 0.2) < 1e-9)
    }

    @Test(arguments: [
        ("2026-11-21 20:59", false), ("2026-11-21 21:00", true), ("2026-11-22 03:00", true),
        ("2026-11-22 06:59", true), ("2026-11-22 07:00", false), ("2026-11-22 12:00", false),
    ])
    func quietHoursWrapAroundMidnight(_ time: String, _ quiet: Bool) {
        #expect(QuietHours().contains(at(time)) == quiet)
    }

    @Test func quietHoursEndAtSevenLocalTime() {
        #expect(QuietHours().end(after: at("2026-11-21 23:30")) == at("2026-11-22 07:00"))
        #expect(QuietHours(start: 60, end: 120, timeZone: bamako).contains(at("2026-11-21 01:30")))
        #expect(QuietHours("22:30-06:00", timeZone: bamako) == QuietHours(start: 1_350, end: 360, timeZone: bamako))
        #expect(QuietHours("25:00-06:00", timeZone: bamako) == nil)
    }

    @Test func broadcastsAndNotificationsWaitForMorningButRepliesDoNot() {
        let policy = DispatchPolicy()
        let night = at("2026-11-21 22:00")
        #expect(policy.hold(message(.broadcast), at: night) == .deferred(until: at("2026-11-22 07:00")))
        #expect(policy.hold(message(.notification), at: night) == .deferred(until: at("2026-11-22 07:00")))
        #expect(policy.hold(message(.reply), at: night) == nil)
        #expect(policy.hold(message(.notification), at: at("2026-11-22 07:00")) == nil)
    }

    @Test func anOptOutCancelsABroadcastEvenIfQueuedBefore() {
        #expect(DispatchPolicy().hold(message(.broadcast, optedOut: true), at: at("2026-11-21 10:00")) == .cancelled(reason: "opted out"))
    }

    @Test func theDailyCapDefersToTomorrowMorning() {
        let policy = DispatchPolicy(dailyBroadcastCap: 2)
        #expect(policy.hold(message(.broadcast, today: 1), at: at("2026-11-21 10:00")) == nil)
        #expect(policy.hold(message(.broadcast, today: 2), at: at("2026-11-21 10:00")) == .deferred(until: at("2026-11-22 07:00")))
    }

    @Test func anExpiredMessageIsNotSent() {
        #expect(DispatchPolicy().hold(message(.reply, expires: "2026-11-21 10:00"), at: at("2026-11-21 10:00")) == .expired)
    }

    @Test func transientFailuresBackOffExponentiallyWithJitter() {
        let policy = DispatchPolicy(backoff: Backoff(base: 5, cap: 900))
        let now = at("2026-11-21 10:00")
        let failure = SendOutcome.transient(reason: "HTTP 503", retryAfter: nil)
        for (attempts, full) in [(1, 5.0), (2, 10.0), (3, 20.0), (9, 900.0)] {
            #expect(policy.result(of: message(.reply, attempts: attempts), failure, at: now, jitter: 1) == .retry(at: now + full, reason: "HTTP 503"))
            #expect(policy.result(of: message(.reply, attempts: attempts), failure, at: now, jitter: 0) == .retry(at: now + full / 2, reason: "HTTP 503"))
        }
    }

    @Test func retryAfterIsHonoured() {
        let now = at("2026-11-21 10:00")
        let outcome = DispatchPolicy().result(of: message(.reply), .transient(reason: "HTTP 429", retryAfter: 120), at: now, jitter: 0.3)
        #expect(outcome == .retry(at: now + 120, reason: "HTTP 429"))
    }

    @Test func refusalsAreFinalAndRetriesEnd() {
        let now = at("2026-11-21 10:00")
        let policy = DispatchPolicy(maxAttempts: 3)
        #expect(policy.result(of: message(.reply), .refused(reason: "InvalidPhoneNumber"), at: now, jitter: 0) == .failed(reason: "InvalidPhoneNumber"))
        #expect(
            policy.result(of: message(.reply, attempts: 3), .transient(reason: "timeout", retryAfter: nil), at: now, jitter: 0)
                == .failed(reason: "timeout (gave up after 3 attempts)")
        )
        #expect(policy.result(of: message(.reply, expires: "2026-11-21 10:01"), .transient(reason: "x", retryAfter: 120), at: now, jitter: 0) == .expired)
        #expect(policy.result(of: message(.reply), .accepted(messageId: "ATXid_1"), at: now, jitter: 0) == .sent(aggregatorMessageId: "ATXid_1"))
    }
}
