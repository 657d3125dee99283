import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

/// An unanswered question reminds its officials once after three days, and is flagged to
/// the campaign team after seven; an answered one does neither.
@Suite struct QuestionReminderTests {
    @Test func anUnansweredQuestionRemindsItsOfficialsOnceThenIsFlagged() async throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock()
        let mayor = Official(name: "Sidi Keïta", office: .mayor, commune: "kayes", phone: PhoneNumber("+22366000003")!, languages: ["fr"], topics: nil)
        _ = try await database.registerOfficials([mayor], actor: "test", role: nil, at: clock.now)
        let campaign = try await apiHeaders(database, .campaign)
        let service = QuestionService(database: database, catalog: shippedCatalog, route: "africastalking", now: { clock.now })
        let settings = ServerConfiguration.Questions()
        @Sendable func reminders() async throws -> [String] {
            try await database.reader.read { db in
                try String.fetchAll(db, sql: "SELECT text FROM outboundMessage WHERE recipient = '+22366000003' AND text LIKE 'Rappel%' ORDER BY id")
            }
        }
        try await makeApplication(database: database, now: { clock.now }, configuration: sendingConfiguration()).test(.router) { client in
            try await client.ask(session: "ATUid_1", phone: "+22376000001", commune: 1, topic: 1, "Le forage?")
            try await client.ask(session: "ATUid_2", phone: "+22376000002", commune: 1, topic: 2, "Le dispensaire?")
            try await client.sms(from: "+22366000003", "R 2 Il rouvre lundi.", id: "answer-2")

            clock.advance(days: 2.9)
            #expect(try await service.remindAndEscalate(remindAfter: settings.remindAfter, escalateAfter: settings.escalateAfter) == (0, 0))
            clock.advance(days: 0.2)
            #expect(try await service.remindAndEscalate(remindAfter: settings.remindAfter, escalateAfter: settings.escalateAfter) == (1, 0))
            #expect(try await reminders() == [
                "Rappel, sans reponse depuis 3 jour(s). Question no 1 (Eau Kayes): Le forage? -- Pour repondre: R 1 suivi de votre reponse"
            ])
            clock.advance(days: 1)
            #expect(try await service.remindAndEscalate(remindAfter: settings.remindAfter, escalateAfter: settings.escalateAfter) == (0, 0), "once")
            try await client.execute(uri: "/api/v1/questions?escalated=true", method: .get, headers: campaign) { response in
                let listed = try jsonObject(response)["questions"] as? [Any]
                #expect(listed?.isEmpty == true)
            }
            clock.advance(days: 4)
            #expect(try await service.remindAndEscalate(remindAfter: settings.remindAfter, escalateAfter: settings.escalateAfter) == (0, 1))
            try await client.execute(uri: "/api/v1/questions?escalated=true", method: .get, headers: campaign) { response in
                let listed = try jsonObject(response)["questions"] as? [[String: Any]] ?? []
                #expect(listed.map { $0["number"] as? Int } == [1], "the answered one is not flagged")
            }
        }
        #expect(try await reminders().count == 1)
    }
}
