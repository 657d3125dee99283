import Foundation
import GRDB
import Synchronization
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

private let now = Date(timeIntervalSince1970: 1_800_000_000)

private func row(_ n: Int, name: String? = nil, tags: [String]? = nil, language: Language? = nil) -> SubscriberRow {
    SubscriberRow(phone: PhoneNumber("+2237600000\(n)")!, name: name, language: language, commune: "Kayes", tags: tags, source: "import:a.csv")
}

@Suite struct SubscriberImportStoreTests {
    @Test func reimportingUpdatesWhatTheFileGivesAndKeepsAStop() async throws {
        let database = try AppDatabase.inMemory()
        let first = try await database.importSubscribers(
            [row(1, name: "Awa", tags: ["jeunes", "femmes"], language: "bm"), row(2, name: "Moussa")], campaign: "engageons-nous", at: now
        )
        #expect(first == AppDatabase.ImportCounts(added: 2, updated: 0))
        // Number 1 texts STOP; number 2 leaves the campaign.
        let stop = InboundSMS(route: "at", externalId: "s1", phone: row(1).phone, recipient: "384", text: "STOP")
        _ = try await database.receive(stop, at: now + 1, replyTTL: 60) { _ in SMSOutcome(service: "x", effects: [.optOut]) }
        let leave = InboundSMS(route: "at", externalId: "s2", phone: row(2).phone, recipient: "384", text: "x")
        _ = try await database.receive(leave, at: now + 1, replyTTL: 60) { _ in
            SMSOutcome(service: "x", effects: [.unsubscribe(campaign: "engageons-nous")])
        }
        // The same list again, with a new tag for 1, no name for 2, and a new number.
        let second = try await database.importSubscribers(
            [row(1, tags: ["radio"]), row(2), row(3, name: "Fanta")], campaign: "engageons-nous", at: now + 2
        )
        #expect(second == AppDatabase.ImportCounts(added: 1, updated: 2))
        let lines = Mutex<[String]>([])
        try await database.exportSubscribers { line in lines.withLock { $0.append(line) } }
        #expect(lines.withLock { $0 } == [
            "phone,name,language,commune,tags,status,consented_at,source",
            "+22376000001,Awa,bm,Kayes,radio,opted_out,,import:a.csv",
            "+22376000002,Moussa,,Kayes,,active,,import:a.csv",
            "+22376000003,Fanta,,Kayes,,active,,import:a.csv",
        ])
        let subscriptions = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT phone, status FROM subscription JOIN subscriber ON subscriber.id = subscriberId ORDER BY phone")
                .map { "\($0["phone"] as String) \($0["status"] as String)" }
        }
        #expect(subscriptions == ["+22376000001 active", "+22376000002 unsubscribed", "+22376000003 active"])
    }

    @Test func aLargeListGoesInBatches() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        let rows = (0..<5_000).map { SubscriberRow(phone: PhoneNumber("+2237\(String(format: "%07d", $0))")!, tags: ["t\($0 % 3)"], source: "bulk") }
        #expect(try await database.importSubscribers(rows, campaign: nil, at: now) == AppDatabase.ImportCounts(added: 5_000, updated: 0))
        let tagged = try await file.open().reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM subscriberTag WHERE tag = 't1'")! }
        #expect(tagged == 1_667)
    }
}
