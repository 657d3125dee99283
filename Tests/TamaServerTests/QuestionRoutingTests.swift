import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

/// A question reaches the officials of its commune who take its topic, the mayor when none
/// does, with its reference and text and never an anonymous citizen's number.
@Suite struct QuestionRoutingTests {
    /// Diéma: a mayor who takes school questions only, a councillor for water and health.
    /// Kayes: a mayor for everything. Yélimané: nobody registered.
    private func registry(_ database: AppDatabase) async throws {
        let officials = [
            Official(name: "Moussa Diarra", office: .mayor, commune: "diema", phone: PhoneNumber("+22366000001")!, languages: ["fr"], topics: ["ecole"]),
            Official(name: "Awa Traoré", office: .councillor, commune: "diema", phone: PhoneNumber("+22366000002")!, languages: ["bm", "fr"], topics: ["eau", "sante"]),
            Official(name: "Sidi Keïta", office: .mayor, commune: "kayes", phone: PhoneNumber("+22366000003")!, languages: ["fr"], topics: nil),
        ]
        _ = try await database.registerOfficials(officials, actor: "test", role: nil, at: Date())
    }

    /// Every notice queued, as `recipient: text`.
    private func notices(_ database: AppDatabase) async throws -> [String] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT recipient, text FROM outboundMessage WHERE kind = 'notification' ORDER BY id").map {
                "\($0["recipient"] as String): \($0["text"] as String)"
            }
        }
    }

    private func question(_ database: AppDatabase, _ number: Int) async throws -> (status: String, commune: String, escalated: Bool) {
        try await database.reader.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT status, commune, escalatedAt FROM citizenQuestion WHERE id = ?", arguments: [number])!
            return (row["status"], row["commune"], row["escalatedAt"] as String? != nil)
        }
    }

    @Test func aQuestionGoesToWhoTakesItsTopicElseToTheMayorAndNeverShowsAnAnonymousNumber() async throws {
        let database = try AppDatabase.inMemory()
        try await registry(database)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            // Diéma, water, anonymous: the councillor, in her first language.
            let asked = try await client.ask(session: "ATUid_1", phone: "+22376000001", commune: 4, topic: 1, "Le forage est en panne")
            #expect(asked.hasPrefix("END Merci! Question no 1"))
            // Diéma, roads: nobody takes roads, so the mayor.
            try await client.ask(session: "ATUid_2", phone: "+22376000002", commune: 4, topic: 4, "La route de Diéma")
            // Kayes, health, signed: the mayor who takes everything, with the citizen's number.
            try await client.ask(session: "ATUid_3", phone: "+22376000003", commune: 1, topic: 2, signed: true, "Le dispensaire")
            // Yélimané: nobody registered: flagged to the campaign team, no notice.
            try await client.ask(session: "ATUid_4", phone: "+22376000004", commune: 3, topic: 1, "Personne ici?")
        }
        #expect(try await notices(database) == [
            "+22366000002: Ɲininkali n° 1 (Ji Diéma): Le forage est en panne -- Ka jaabi: R 1 ni i ka jaabi ye",
            "+22366000001: Question no 2 (Routes Diéma): La route de Diéma -- Pour repondre: R 2 suivi de votre reponse",
            "+22366000003: Question no 3 (Santé Kayes) (+22376000003): Le dispensaire -- Pour repondre: R 3 suivi de votre reponse",
        ])
        let all = try await notices(database).joined()
        for anonymous in ["+22376000001", "+22376000002", "+22376000004"] { #expect(!all.contains(anonymous)) }
        #expect(try await question(database, 1) == ("routed", "diema", false))
        #expect(try await question(database, 4) == ("routed", "yelimane", true))
        let recipients = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT questionId, officialId FROM questionRecipient ORDER BY questionId").map { "\($0[0] as Int)→\($0[1] as Int)" }
        }
        #expect(recipients == ["1→2", "2→1", "3→3"])
    }

    /// `Q …` from a number whose commune Tama does not know: the reference, then the
    /// question back once; the next SMS naming a commune (its number or its name) sends
    /// it, and the commune is remembered for the next question.
    @Test func anSMSQuestionAsksForTheCommuneOnceThenGoesThere() async throws {
        let database = try AppDatabase.inMemory()
        try await registry(database)
        let citizen = "+22376000010"
        @Sendable func lastReply() async throws -> String? {
            try await database.reader.read { db in
                try String.fetchOne(db, sql: "SELECT text FROM outboundMessage WHERE recipient = ? ORDER BY id DESC LIMIT 1", arguments: [citizen])
            }
        }
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            try await client.sms(from: citizen, "Q Le forage de mon quartier est en panne", id: "q1")
            #expect(try await lastReply() == "Question no 1 notee. Votre commune? Repondez par son numero: 1 Kayes, 2 Nioro du Sahel, 3 Yélimané, 4 Diéma, 5 Bafoulabé")
            #expect(try await question(database, 1) == ("awaiting_commune", "", false))
            #expect(try await notices(database).isEmpty)

            try await client.sms(from: citizen, "9", id: "q1-wrong")
            #expect(try await question(database, 1).status == "awaiting_commune", "9 names no commune: read as any message")
            try await client.sms(from: citizen, " diema ", id: "q1-commune")
            #expect(try await lastReply()?.hasPrefix("Merci! Votre question no 1 est transmise") == true)
            #expect(try await question(database, 1) == ("routed", "diema", false))
            // An SMS question has no topic: the officials who take every topic, else the mayor.
            #expect(try await notices(database) == [
                "+22366000001: Question no 1 (Diéma): Le forage de mon quartier est en panne -- Pour repondre: R 1 suivi de votre reponse"
            ])

            try await client.sms(from: citizen, "Q Et l'école?", id: "q2")
            #expect(try await question(database, 2) == ("routed", "diema", false), "the commune is remembered")
            try await client.sms(from: citizen, "4", id: "q2-again")
            #expect(try await count(database, "SELECT COUNT(*) FROM citizenQuestion") == 2, "nothing waits: a bare 4 asks nothing")
        }
        let commune = try await database.reader.read { db in try String.fetchOne(db, sql: "SELECT commune FROM subscriber WHERE phone = ?", arguments: [citizen]) }
        #expect(commune == "Diéma")
    }

    @Test func aCommuneWhoseQuestionsAreHeldSendsNoneUntilApproved() async throws {
        let database = try AppDatabase.inMemory()
        try await registry(database)
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO communeSetting (commune, holdQuestions, updatedBy, updatedAt) VALUES ('kayes', 1, 'test', '2026-11-27 10:00:00.000')")
        }
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            _ = try await client.ask(session: "ATUid_h", phone: "+22376000020", commune: 1, topic: 1, "Une question retenue")
        }
        #expect(try await question(database, 1) == ("held", "kayes", false))
        #expect(try await notices(database).isEmpty)
    }
}
