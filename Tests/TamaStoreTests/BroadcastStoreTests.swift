import Foundation
import GRDB
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

private let now = Date(timeIntervalSince1970: 1_800_000_000)

/// 100 subscribers: even numbers in Kayes, odd in Diéma; every third speaks Bambara, every
/// fifth no known language, the rest French; multiples of 4 tagged `jeunes`; number 7 sent STOP.
private func populated(_ database: AppDatabase) async throws {
    let rows = (0..<100).map { n in
        SubscriberRow(
            phone: PhoneNumber("+2237600\(String(format: "%04d", n))")!, name: nil,
            language: n % 5 == 0 ? nil : (n % 3 == 0 ? "bm" : "fr"), commune: n % 2 == 0 ? "Kayes" : "Diéma",
            tags: n % 4 == 0 ? ["jeunes"] : [], source: "test"
        )
    }
    try await database.importSubscribers(rows, campaign: "engageons-nous", at: now)
    let stop = InboundSMS(route: "at", externalId: "stop", phone: rows[7].phone, recipient: "384", text: "STOP")
    _ = try await database.receive(stop, at: now, replyTTL: 60) { _ in SMSOutcome(service: "x", effects: [.optOut]) }
}

private func draft(_ audience: Audience = Audience(), texts: [Language: String] = ["fr": "Réunion samedi", "bm": "Ɲɔgɔnye sibiridon"]) -> BroadcastDraft {
    BroadcastDraft(name: "Réunion", campaign: "engageons-nous", audience: audience, texts: texts, fallback: "fr")
}

@Suite struct BroadcastStoreTests {
    @Test func audiencesFilterByCommuneLanguageTagAndCampaignAndLeaveOutSTOP() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        let all = try await database.audienceCounts(Audience(), campaign: "engageons-nous", fallback: "fr")
        #expect(all.values.reduce(0, +) == 99)
        #expect(all[nil] == 20)
        let kayesYouth = try await database.audienceCounts(Audience(communes: ["Kayes"], tags: ["JEUNES"]), campaign: "engageons-nous", fallback: "fr")
        #expect(kayesYouth.values.reduce(0, +) == 25)
        // French includes the unknown languages, which get the French fallback.
        let french = try await database.audienceCounts(Audience(languages: ["fr"]), campaign: "engageons-nous", fallback: "fr")
        #expect(french.keys.sorted { ($0?.rawValue ?? "") < ($1?.rawValue ?? "") } == [nil, "fr"])
        #expect(try await database.audienceCounts(Audience(), campaign: "autre", fallback: "fr").isEmpty)
    }

    @Test func fanOutSendsEachPersonTheirLanguageOnceAcrossARestart() async throws {
        let file = try TemporaryDatabase()
        var database = try file.open()
        try await populated(database)
        let id = try await database.createBroadcast(draft(), route: "at", actor: "test", role: .campaign, at: now)
        #expect(try await database.broadcastsToFanOut(now: now) == [id])
        // Batches cover subscribers by id, 30 at a time; number 7 sent STOP.
        #expect(try await database.fanOut(broadcast: id, batch: 30, ttl: 3_600, at: now) == 30)
        #expect(try await database.broadcast(id: id)?.queued == 29)
        // The daemon restarts half-way.
        database = try file.open()
        var covered = 30
        while case let batch = try await database.fanOut(broadcast: id, batch: 30, ttl: 3_600, at: now), batch > 0 { covered += batch }
        #expect(covered == 100)
        #expect(try await database.broadcast(id: id)?.status == .sending)
        let progress = try await database.progress(broadcast: id)
        #expect(progress.queued == 99 && progress.skippedOptOut == 1)
        let claimed = try await database.claimDue(route: "at", limit: 200, now: now, lease: 60, quietHours: false, dayStart: now)
        #expect(Set(claimed.map(\.recipient)).count == 99)
        let bambara = claimed.first { $0.recipient.hasSuffix("0003") }
        #expect(bambara?.text == "Ɲɔgɔnye sibiridon" && bambara?.parts == 1)
        let unknown = claimed.first { $0.recipient.hasSuffix("0005") }
        #expect(unknown?.text == "Réunion samedi")
    }

    @Test func aBroadcastWritesItsTextsOnceAndItsRowsPointToThem() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        let long = String(repeating: "Réunion publique samedi à la mairie. ", count: 9)
        let id = try await database.createBroadcast(draft(texts: ["fr": long, "bm": "Ɲɔgɔnye"]), route: "at", actor: "test", role: .campaign, at: now)
        while try await database.fanOut(broadcast: id, batch: 50, ttl: 3_600, at: now) > 0 {}
        let stored = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT language, encoding, parts FROM broadcastVariant WHERE broadcastId = ? ORDER BY language", arguments: [id])
                .map { "\($0["language"] as String) \($0["encoding"] as String) \($0["parts"] as Int)" }
        }
        #expect(stored == ["bm ucs2 1", "fr gsm7 3"])
        let withoutText = try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE broadcastId = ? AND text IS NULL", arguments: [id])
        }
        #expect(withoutText == 99)
        let claimed = try await database.claimDue(route: "at", limit: 200, now: now, lease: 60, quietHours: false, dayStart: now)
        #expect(claimed.filter { $0.text == long }.map(\.parts) == Array(repeating: 3, count: 72))
        #expect(claimed.count == 99)
    }

    @Test func repliesGoFirstThenTheOldestBroadcastAndQuietHoursOrExpiryHoldThemAll() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        let first = try await database.createBroadcast(draft(Audience(communes: ["Kayes"])), route: "at", actor: "test", role: .campaign, at: now)
        let second = try await database.createBroadcast(draft(Audience(communes: ["Diéma"])), route: "at", actor: "test", role: .campaign, at: now)
        for id in [second, first] { while try await database.fanOut(broadcast: id, batch: 100, ttl: 3_600, at: now) > 0 {} }
        let reply = OutgoingSMS(recipient: PhoneNumber("+22376009999")!, text: "Merci", route: "at", kind: .reply, expiresAt: now + 60)
        try await database.enqueue([reply], at: now)

        let quiet = try await database.claimDue(route: "at", limit: 10, now: now, lease: 60, quietHours: true, dayStart: now)
        #expect(quiet.map(\.text) == ["Merci"])
        // 50 in Kayes, 49 in Diéma (number 7 sent STOP): the first broadcast's all go before the second's.
        let claimed = try await database.claimDue(route: "at", limit: 60, now: now, lease: 60, quietHours: false, dayStart: now)
        #expect(claimed.count == 60)
        let kayes = claimed.prefix(50).map { Int($0.recipient.suffix(4))! }
        #expect(kayes.allSatisfy { $0 % 2 == 0 } && claimed.suffix(10).allSatisfy { Int($0.recipient.suffix(4))! % 2 == 1 })
        // An hour later the second broadcast's 39 still queued are closed as expired.
        #expect(try await database.expireOverdue(route: "at", now: now + 3_600) == 39)
        #expect(try await database.progress(broadcast: second).expired == 39)
    }

    @Test func withNoFallbackTextOnlyTheLanguagesWithATextAreQueued() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        // Accepted when the audience read only Bambara; French speakers arrive later.
        let id = try await database.createBroadcast(draft(texts: ["bm": "Ɲɔgɔnye"]), route: "at", actor: "test", role: .campaign, at: now)
        while try await database.fanOut(broadcast: id, batch: 50, ttl: 3_600, at: now) > 0 {}
        let claimed = try await database.claimDue(route: "at", limit: 200, now: now, lease: 60, quietHours: false, dayStart: now)
        #expect(claimed.count == 27 && claimed.allSatisfy { $0.text == "Ɲɔgɔnye" })
    }

    @Test func aSTOPAfterSchedulingOrAfterFanOutKeepsTheMessageFromGoing() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        let id = try await database.createBroadcast(draft(), route: "at", actor: "test", role: .campaign, at: now)
        // Number 1 texts STOP after the broadcast was scheduled: fan-out leaves them out.
        let early = InboundSMS(route: "at", externalId: "stop-1", phone: PhoneNumber("+22376000001")!, recipient: "384", text: "STOP")
        _ = try await database.receive(early, at: now, replyTTL: 60) { _ in SMSOutcome(service: "x", effects: [.optOut]) }
        while try await database.fanOut(broadcast: id, batch: 50, ttl: 3_600, at: now) > 0 {}
        // Number 2 texts STOP once their message is queued: it is cancelled when it comes up.
        let late = InboundSMS(route: "at", externalId: "stop-2", phone: PhoneNumber("+22376000002")!, recipient: "384", text: "ARRET")
        _ = try await database.receive(late, at: now, replyTTL: 60) { _ in SMSOutcome(service: "x", effects: [.optOut]) }
        let claimed = try await database.claimDue(route: "at", limit: 200, now: now, lease: 60, quietHours: false, dayStart: now)
        let policy = DispatchPolicy(quietHours: QuietHours(start: 0, end: 0), dailyBroadcastCap: nil)
        let held = claimed.compactMap { message in policy.hold(message, at: now).map { DispatchResult(message, $0) } }
        #expect(claimed.map(\.recipient).contains("+22376000001") == false)
        #expect(held.count == 1 && held[0].outcome == .cancelled(reason: "opted out"))
        try await database.record(held, at: now)
        let progress = try await database.progress(broadcast: id)
        #expect(progress.skippedOptOut == 3)
    }

    @Test func aBroadcastNeverReachesSomeoneWhoLeftItsCampaignAndThePreviewSaysWhoIsLeftOut() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        func sms(_ id: String, _ number: Int, _ effects: [Effect]) async throws {
            let phone = PhoneNumber("+2237600\(String(format: "%04d", number))")!
            let message = InboundSMS(route: "at", externalId: id, phone: phone, recipient: "384", text: "x")
            _ = try await database.receive(message, at: now, replyTTL: 60) { _ in SMSOutcome(service: "engageons-nous", effects: effects) }
        }
        // Number 2 leaves the campaign; number 200 is a contact who never subscribed.
        try await sms("leave-2", 2, [.unsubscribe(campaign: "engageons-nous")])
        let contact = SubscriberRow(phone: PhoneNumber("+22376000200")!, language: "fr", commune: "Kayes", source: "test")
        try await database.importSubscribers([contact], campaign: nil, at: now)

        let subscribers = try await database.audienceCounts(Audience(), campaign: "engageons-nous", fallback: "fr")
        #expect(subscribers.values.reduce(0, +) == 98)
        #expect(try await database.leftOut(Audience(), campaign: "engageons-nous", fallback: "fr") == LeftOut(optedOut: 1, leftCampaign: 1, notSubscribed: 1))
        let everyone = Audience(subscribersOnly: false)
        #expect(try await database.audienceCounts(everyone, campaign: "engageons-nous", fallback: "fr").values.reduce(0, +) == 99)
        #expect(try await database.leftOut(everyone, campaign: "engageons-nous", fallback: "fr") == LeftOut(optedOut: 1, leftCampaign: 1))

        // Even to everyone, the one who left is not queued; the contact is.
        let id = try await database.createBroadcast(draft(everyone), route: "at", actor: "test", role: .campaign, at: now)
        while try await database.fanOut(broadcast: id, batch: 50, ttl: 3_600, at: now) > 0 {}
        let recipients = try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT recipient FROM outboundMessage WHERE broadcastId = ?", arguments: [id])
        }
        #expect(recipients.count == 99 && !recipients.contains("+22376000002") && recipients.contains("+22376000200"))
        // Number 4 leaves once queued: its message is cancelled when it comes up.
        try await sms("leave-4", 4, [.unsubscribe(campaign: "engageons-nous")])
        let claimed = try await database.claimDue(route: "at", limit: 200, now: now, lease: 60, quietHours: false, dayStart: now)
        let policy = DispatchPolicy(quietHours: QuietHours(start: 0, end: 0), dailyBroadcastCap: nil)
        let held = claimed.compactMap { message in policy.hold(message, at: now).map { DispatchResult(message, $0) } }
        #expect(held.map(\.outcome) == [.cancelled(reason: "left the campaign")])
    }

    @Test func joiningACampaignByMenuKeepsASTOPWhichOnlyOptingInLifts() async throws {
        let database = try AppDatabase.inMemory()
        let phone = PhoneNumber("+22376000001")!
        var count = 0
        func apply(_ effects: [Effect]) async throws -> Bool {
            count += 1
            let message = InboundSMS(route: "at", externalId: "m\(count)", phone: phone, recipient: "384", text: "x")
            _ = try await database.receive(message, at: now, replyTTL: 60) { _ in SMSOutcome(service: "engageons-nous", effects: effects) }
            return try await database.reader.read { db in
                try Bool.fetchOne(db, sql: "SELECT optedOutAt IS NOT NULL FROM subscriber WHERE phone = ?", arguments: [phone.e164])!
            }
        }
        #expect(try await apply([.optOut]))
        #expect(try await apply([.subscribe(campaign: "autre")]), "a subscription does not lift the STOP")
        #expect(try await apply([.optIn, .subscribe(campaign: "engageons-nous")]) == false)
    }

    @Test func pauseHoldsResumeReleasesCancelCancelsAndFinishedCannotChange() async throws {
        let database = try AppDatabase.inMemory()
        try await populated(database)
        let id = try await database.createBroadcast(draft(), route: "at", actor: "test", role: .campaign, at: now)
        _ = try await database.fanOut(broadcast: id, batch: 10, ttl: 3_600, at: now)
        try await database.change(broadcast: id, .pause, actor: "test", role: .campaign, at: now)
        #expect(try await database.fanOut(broadcast: id, batch: 10, ttl: 3_600, at: now) == 0)
        #expect(try await database.claimDue(route: "at", limit: 100, now: now, lease: 60, quietHours: false, dayStart: now).isEmpty)
        try await database.change(broadcast: id, .resume, actor: "test", role: .campaign, at: now)
        #expect(try await database.claimDue(route: "at", limit: 4, now: now, lease: 60, quietHours: false, dayStart: now).count == 4)
        try await database.change(broadcast: id, .cancel, actor: "test", role: .campaign, at: now)
        let progress = try await database.progress(broadcast: id)
        // The first ten subscribers less number 7: nine queued, four of them taken before the cancel.
        #expect(progress.cancelled == 5 && progress.sending == 4)
        await #expect(throws: BroadcastChangeError.notAllowed(id: id, status: .cancelled, action: .resume)) {
            try await database.change(broadcast: id, .resume, actor: "test", role: .campaign, at: now)
        }
        await #expect(throws: BroadcastChangeError.notFound(99)) {
            try await database.change(broadcast: 99, .pause, actor: "test", role: .campaign, at: now)
        }
    }
}

@Suite struct BroadcastPreviewTests {
    @Test func previewCountsVariantsPartsCostAndFinishOutsideQuietHours() {
        let start = bamakoTime("2026-11-21 20:00")
        var broadcast = draft()
        broadcast.scheduledAt = start
        let recipients: [Language?: Int] = ["fr": 3_000, "bm": 2_000, nil: 1_000, "ff": 500]
        // 4,500 French GSM-7 single parts + 2,000 Bambara UCS-2 single parts = 6,500 parts at 1 part/s:
        // one hour before 21:00, then from 07:00 the remaining 2,900 s.
        let preview = BroadcastPreview(
            draft: broadcast, recipients: recipients, price: PartPrice(amount: 25), rate: 1, quietHours: QuietHours(), now: start
        )
        #expect(preview.recipients == 6_500)
        #expect(preview.variants.map(\.language) == ["bm", "fr"])
        #expect(preview.variants[1].fallbackFor == ["ff", "unknown"])
        #expect(preview.variants[0].encoding == .ucs2 && preview.variants[1].encoding == .gsm7)
        #expect(preview.parts == 6_500 && preview.cost == 162_500)
        #expect(preview.estimatedFinish == bamakoTime("2026-11-22 07:00").addingTimeInterval(2_900))
    }

    @Test func recipientsAtTheirDailyCapAreSentTheNextMorning() async throws {
        let start = bamakoTime("2026-11-21 10:00")
        let recipients: [Language?: Int] = ["fr": 3_600]
        // 3,600 single parts at 1 part/s; 600 of them wait for 07:00 tomorrow.
        let preview = BroadcastPreview(
            draft: draft(), recipients: recipients, price: PartPrice(amount: 25), rate: 1, quietHours: QuietHours(), now: start,
            heldByDailyCap: 600
        )
        #expect(preview.heldByDailyCap == 600)
        #expect(preview.estimatedFinish == bamakoTime("2026-11-22 07:10"))
        // In the store: two broadcasts sent today to number 1 reach a cap of two.
        let database = try AppDatabase.inMemory()
        try await populated(database)
        let phone = PhoneNumber("+22376000001")!
        try await database.enqueue(
            (0..<2).map { _ in OutgoingSMS(recipient: phone, text: "x", route: "at", kind: .broadcast, expiresAt: start + 3_600) }, at: start
        )
        let claimed = try await database.claimDue(route: "at", limit: 10, now: start, lease: 60, quietHours: false, dayStart: start - 36_000)
        try await database.record(claimed.map { DispatchResult($0, .sent(aggregatorMessageId: nil)) }, at: start)
        #expect(try await database.recipientsAtDailyCap(Audience(), campaign: "engageons-nous", fallback: "fr", cap: 2, dayStart: start - 36_000) == 1)
        #expect(try await database.recipientsAtDailyCap(Audience(), campaign: "engageons-nous", fallback: "fr", cap: 3, dayStart: start - 36_000) == 0)
    }

    @Test func draftsThatCannotGoSayWhy() {
        var broadcast = draft(texts: ["bm": "  "])
        broadcast.scheduledAt = now - 3_600
        #expect(broadcast.problems(recipients: ["fr": 2, "bm": 1], now: now) == [.emptyText("bm"), .uncovered("fr", recipients: 2, fallback: "fr"), .scheduledInPast])
        #expect(broadcast.problems(recipients: ["fr": 2, "bm": 1], now: now).map(\.description) == [
            "the 'bm' text is empty",
            "2 recipient(s) read 'fr', which has no text, and the fallback language 'fr' has none either",
            "the scheduled time is in the past",
        ])
        #expect(draft().problems(recipients: [:], now: now) == [.emptyAudience])
        #expect(draft().problems(recipients: ["fr": 1], now: now).isEmpty)
    }
}
