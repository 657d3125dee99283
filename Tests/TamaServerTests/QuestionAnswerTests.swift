import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

/// An official answers `R 123 …` from their registered phone; the answer reaches the
/// citizen in the citizen's language, and the citizen can say what they made of it.
@Suite struct QuestionAnswerTests {
    private let councillor = "+22366000002"
    private let mayor = "+22366000001"

    private func registry(_ database: AppDatabase) async throws {
        let officials = [
            Official(name: "Moussa Diarra", office: .mayor, commune: "diema", phone: PhoneNumber(mayor)!, languages: ["fr"], topics: ["ecole"]),
            Official(name: "Awa Traoré", office: .councillor, commune: "diema", phone: PhoneNumber(councillor)!, languages: ["fr"], topics: ["eau"]),
            Official(name: "Sidi Keïta", office: .mayor, commune: "kayes", phone: PhoneNumber("+22366000003")!, languages: ["fr"], topics: nil),
            Official(name: "Fanta Sylla", office: .deputyMayor, commune: "kayes", phone: PhoneNumber("+22366000004")!, languages: ["fr"], topics: nil),
        ]
        _ = try await database.registerOfficials(officials, actor: "test", role: nil, at: Date())
    }

    private func lastText(_ database: AppDatabase, to phone: String) async throws -> String? {
        try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT text FROM outboundMessage WHERE recipient = ? ORDER BY id DESC LIMIT 1", arguments: [phone])
        }
    }

    private func answers(_ database: AppDatabase) async throws -> [String] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT questionId, officialId, channel, text FROM questionAnswer ORDER BY id").map {
                "\($0[0] as Int) by \($0[1] as Int) (\($0[2] as String)): \($0[3] as String)"
            }
        }
    }

    @Test func anAnswerBySMSReachesTheCitizenInTheirLanguageAndEveryMistakeIsExplained() async throws {
        let database = try AppDatabase.inMemory()
        try await registry(database)
        let citizen = "+22376000001"
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            // In Bambara, Diéma, water: the councillor.
            try await client.ask(session: "ATUid_1", phone: citizen, language: 2, commune: 4, topic: 1, "Forage ka tiɲɛ")

            let refusals: [(from: String, text: String, reply: String)] = [
                ("+22370000000", "R 1 Je ne suis pas elu", "Ce numero n'est pas celui d'un elu enregistre: rien n'a ete envoye."),
                (councillor, "R 99 Quelle question?", "Il n'y a pas de question no 99 a laquelle repondre: rien n'a ete envoye."),
                (mayor, "R 1 Ce n'est pas pour moi", "La question no 1 ne vous a pas ete adressee: rien n'a ete envoye."),
                (councillor, "R 1", "Votre reponse a la question no 1 est vide. Ecrivez R 1 puis votre reponse."),
                (councillor, "R 1 " + String(repeating: "a", count: 1_001), "Votre reponse fait 1001 caracteres, plus que 1000: rien n'a ete envoye. Raccourcissez-la."),
                (councillor, "rep le forage", "Ecrivez R, le numero de la question, puis votre reponse. Ex.: R 123 Le forage sera repare lundi."),
            ]
            for (index, refusal) in refusals.enumerated() {
                try await client.sms(from: refusal.from, refusal.text, id: "refused-\(index)")
                #expect(try await lastText(database, to: refusal.from) == refusal.reply)
            }
            #expect(try await answers(database).isEmpty)
            #expect(try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE recipient = '\(citizen)'") == 0)

            try await client.sms(from: councillor, "Réponse 1: Le forage sera réparé lundi.", id: "answer-1")
            #expect(try await lastText(database, to: councillor) == "Reponse a la question no 1 envoyee au citoyen. Merci!")
            #expect(
                try await lastText(database, to: citizen)
                    == "Diéma komini ladilikɛla ka jaabi i ka ɲininkali n° 1 ma: Le forage sera réparé lundi. -- MERCI 1 walima PAS CLAIR 1 ka i hakili fɔ"
            )
            #expect(try await answers(database) == ["1 by 2 (sms): Le forage sera réparé lundi."])
            #expect(try await count(database, "SELECT COUNT(*) FROM citizenQuestion WHERE id = 1 AND status = 'answered'") == 1)

            // The citizen says what they made of it; only they can.
            try await client.sms(from: "+22376000009", "MERCI 1", id: "rating-other")
            #expect(try await count(database, "SELECT COUNT(*) FROM questionRating") == 0)
            try await client.sms(from: citizen, "merci 1", id: "rating-1")
            #expect(try await lastText(database, to: citizen) == "I ni ce, i ka hakili jaabi kan ɲininkali n° 1 kama sɛbɛnna.")
            try await client.sms(from: citizen, "Pas clair 1", id: "rating-2")
            #expect(try await database.reader.read { try String.fetchOne($0, sql: "SELECT rating FROM questionRating WHERE questionId = 1") } == "unclear")
        }
    }

    /// Two officials may answer one question, each relayed; a citizen who sent STOP since
    /// still gets the answers they asked for.
    @Test func everyOfficialWhoAnswersIsRelayedEvenAfterAStop() async throws {
        let database = try AppDatabase.inMemory()
        try await registry(database)
        let citizen = "+22376000002"
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            try await client.ask(session: "ATUid_2", phone: citizen, commune: 1, topic: 2, "Le dispensaire est fermé")
            try await client.sms(from: citizen, "STOP", id: "stop")
            try await client.sms(from: "+22366000003", "R 1 Il rouvre demain.", id: "a1")
            try await client.sms(from: "+22366000004", "R 1 Et un infirmier arrive jeudi.", id: "a2")
        }
        #expect(try await answers(database) == ["1 by 3 (sms): Il rouvre demain.", "1 by 4 (sms): Et un infirmier arrive jeudi."])
        let relays = try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT text FROM outboundMessage WHERE recipient = ? AND kind = 'reply' AND text LIKE 'Reponse du%' ORDER BY id", arguments: [citizen])
        }
        #expect(relays == [
            "Reponse du maire de Kayes a votre question no 1: Il rouvre demain. -- MERCI 1 ou PAS CLAIR 1 pour donner votre avis",
            "Reponse du maire adjoint de Kayes a votre question no 1: Et un infirmier arrive jeudi. -- MERCI 1 ou PAS CLAIR 1 pour donner votre avis",
        ])
    }
}
