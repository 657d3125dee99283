import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaAggregators
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

/// A citizen's number is personal data: an anonymous question must not stay beside it
/// anywhere but the one table the answer's way back reads, and a person can be erased.
@Suite struct PrivacyTests {



    @Test func anAnonymousQuestionStaysBesideItsNumberNowhereButTheWayBack() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            try await client.ask(session: "ATUid_a", phone: "+22365000001", signed: false, "Le forage de Diéma est en panne")
            try await client.sms(from: "+22365000002", "Q Pourquoi le marché est fermé?", id: "sms-q")
            try await client.ask(session: "ATUid_s", phone: "+22365000003", signed: true, "Je signe ma question au maire")
        }
        let questions = try await database.reader.read { try CitizenQuestionRecord.order(Column("id")).fetchAll($0) }
        #expect(questions.map(\.text) == ["Le forage de Diéma est en panne", "Pourquoi le marché est fermé?", "Je signe ma question au maire"])
        #expect(questions.map(\.signedBy) == [nil, nil, "+22365000003"], "a number only where the citizen chose to sign")
        for (table, columns) in [("inboundMessage", ["text"]), ("ussdSession", ["variables", "lastText", "reply"])] {
            let found = try await database.reader.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM \(table) WHERE " + columns.map { "\($0) LIKE '%forage%' OR \($0) LIKE '%marché%'" }.joined(separator: " OR ")
                )!
            }
            #expect(found == 0, "no question text beside a number in \(table)")
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage WHERE text = '[question 2]'") == 1)
        #expect(try await count(database, "SELECT COUNT(*) FROM questionAsker") == 3)
    }

    @Test func erasingAPersonLeavesNothingThatLeadsToThemAndNoListBringsThemBack() async throws {
        let database = try AppDatabase.inMemory()
        let admin = try await apiHeaders(database, .admin)
        let campaign = try await apiHeaders(database, .campaign)
        let phone = PhoneNumber("+22376123456")!
        try await openShippedQuiz(database)
        try await makeApplication(database: database).test(.router) { client in
            try await client.sms(from: phone.e164, "JOIN", id: "m1")
            try await client.sms(from: phone.e164, "B", id: "m2")
            try await client.sms(from: phone.e164, "Q Quand ouvre le centre de santé?", id: "m3")
            try await client.ask(session: "ATUid_e", phone: phone.e164, signed: true, "Une question signée du même numéro")
            try await client.execute(uri: "/api/v1/subscribers/76123456", method: .delete, headers: campaign) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/subscribers/76123456", method: .delete, headers: admin) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .ok)
                #expect(answer["inboundMessages"] as? Int == 3 && answer["questionsUnlinked"] as? Int == 2 && answer["sessions"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/subscribers/76999999", method: .delete, headers: admin) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .ok && answer["found"] as? Bool == false)
            }
        }
        for sql in [
            "SELECT COUNT(*) FROM subscriber", "SELECT COUNT(*) FROM subscription", "SELECT COUNT(*) FROM quizAnswer",
            "SELECT COUNT(*) FROM quizScore", "SELECT COUNT(*) FROM questionAsker", "SELECT COUNT(*) FROM inboundMessage", "SELECT COUNT(*) FROM ussdSession",
            "SELECT COUNT(*) FROM citizenQuestion WHERE signedBy IS NOT NULL", "SELECT COUNT(*) FROM outboundMessage WHERE recipient = '+22376123456'",
            "SELECT COUNT(*) FROM outboundMessage WHERE status = 'queued'",
        ] {
            #expect(try await count(database, sql) == 0, "\(sql)")
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM citizenQuestion") == 2, "the questions stay, anonymous")
        #expect(try await count(database, "SELECT SUM(answers) FROM quizTally") == 1, "the quiz's counts keep her share, naming nobody")
        let audit = try await database.auditLog(limit: 2).last
        #expect(audit?.action == "subscriber.erase" && audit?.target == "subscriber \(phone.masked)")
        let again = try await database.importSubscribers([SubscriberRow(phone: phone, source: "list")], campaign: "engageons-nous", at: Date())
        #expect(again == AppDatabase.ImportCounts(added: 0, updated: 0, erased: 1))
    }

    @Test func theCommandLineErasesAPersonToo() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        try await database.importSubscribers([SubscriberRow(phone: PhoneNumber("+22376123456")!, source: "list")], campaign: "engageons-nous", at: Date())
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        let log = folder.folder.appendingPathComponent("forget.out")
        let process = try startProcess(tama, ["subscribers", "forget", "76 12 34 56", "--database", folder.path], log: log)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOf: log, encoding: .utf8).hasPrefix("\(PhoneNumber("+22376123456")!.masked) erased"))
        #expect(try await count(database, "SELECT COUNT(*) FROM subscriber") == 0)
    }
}
