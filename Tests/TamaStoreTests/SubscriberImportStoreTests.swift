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

@Suite struct SubscriberFileTests {
    /// Tiny chunks cut through CRLF, multi-byte letters and quoted line breaks; the result
    /// must be the same as reading the file whole.
    @Test(arguments: [3, 7, 64, 1 << 20])
    func aFileReadInChunksImportsLikeAWholeOne(_ chunkSize: Int) async throws {
        let folder = try TemporaryDatabase()
        let path = folder.folder.appendingPathComponent("liste.csv").path
        let csv = "\u{FEFF}Téléphone;Nom;Langue;Étiquettes\r\n76 00 00 01;\"Traoré\r\nAwa\";bm;jeunes\r\n12;X;fr;\r\n76000002;Ɲɛ;fr;femmes|radio\r\n76000001;Dup;fr;\r\n76000003;\"Sans fin\";fr;"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        var file = SubscriberFile(path: path, defaultCountry: "223", languages: ["fr", "bm"], campaign: "engageons-nous")
        file.chunkSize = chunkSize
        let database = try folder.open()
        let report = try await file.import(into: database, at: now)
        #expect(report.counts == AppDatabase.ImportCounts(added: 3, updated: 0))
        #expect(report.rowsRead == 5)
        #expect(report.rejections.map(\.description) == ["line 4: '12' is not a phone number", "line 6: +22376000001 is already on line 2"])
        let names = try await database.reader.read { try String.fetchAll($0, sql: "SELECT name FROM subscriber ORDER BY phone") }
        #expect(names == ["Traoré\r\nAwa", "Ɲɛ", "Sans fin"])
    }

    @Test func aFileThatIsNotUTF8SaysSo() async throws {
        let folder = try TemporaryDatabase()
        let path = folder.folder.appendingPathComponent("latin1.csv").path
        try Data("phone;nom\n76000001;Traor\u{E9}\n".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 }).write(to: URL(fileURLWithPath: path))
        let file = SubscriberFile(path: path, defaultCountry: "223", languages: ["fr"], campaign: nil)
        await #expect(throws: SubscriberFile.Failure.self) { try await file.import(into: try folder.open(), at: now) }
    }
}
