import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

/// Campaign teams hold a commune's questions for approval, pass them on or hide an
/// abusive one; officials read and answer only what was sent to them.
@Suite struct QuestionModerationTests {
    @Test func heldQuestionsWaitForApprovalAndAHiddenOneIsExplainedToItsCitizen() async throws {
        let database = try AppDatabase.inMemory()
        let kayes = Official(name: "Sidi Keïta", office: .mayor, commune: "kayes", phone: PhoneNumber("+22366000003")!, languages: ["fr"], topics: nil)
        _ = try await database.registerOfficials([kayes], actor: "test", role: nil, at: Date())
        let mayor = try await database.official(phone: kayes.phone)!
        let campaign = try await apiHeaders(database, .campaign)
        let host = try await apiHeaders(database, .host)
        let official = try await apiHeaders(database, .official, official: mayor.id)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            let hold = ByteBuffer(string: #"{"hold": true}"#)
            try await client.execute(uri: "/api/v1/communes/kayes/moderation", method: .put, headers: host, body: hold) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/communes/tombouctou/moderation", method: .put, headers: campaign, body: hold) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/communes/Kayes/moderation", method: .put, headers: campaign, body: hold) { response in
                #expect(response.status == .ok)
            }
            try await client.ask(session: "ATUid_1", phone: "+22376000001", commune: 1, topic: 1, "Le forage?")
            try await client.ask(session: "ATUid_2", phone: "+22376000002", language: 2, commune: 1, topic: 1, "Des insultes")

            try await client.execute(uri: "/api/v1/questions?status=held", method: .get, headers: campaign) { response in
                let body = String(buffer: response.body)
                let listed = try jsonObject(response)["questions"] as? [[String: Any]] ?? []
                #expect(listed.map { $0["number"] as? Int } == [2, 1])
                #expect(!body.contains("+22376000001") && !body.contains("+22376000002"), "no anonymous number")
            }
            try await client.execute(uri: "/api/v1/questions", method: .get, headers: official) { response in
                let listed = try jsonObject(response)["questions"] as? [Any]
                #expect(listed?.isEmpty == true, "nothing was sent to the mayor yet")
            }
            #expect(try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE kind = 'notification'") == 0)

            try await client.execute(uri: "/api/v1/questions/1/approve", method: .post, headers: campaign) { response in
                let shown = try jsonObject(response)
                #expect(response.status == .ok && shown["status"] as? String == "routed")
            }
            try await client.execute(uri: "/api/v1/questions/1/approve", method: .post, headers: campaign) { response in
                #expect(response.status == .badRequest, "routed already")
            }
            try await client.execute(uri: "/api/v1/questions/99/approve", method: .post, headers: campaign) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/questions/2/hide", method: .post, headers: campaign, body: ByteBuffer(string: #"{"reason": " "}"#)) {
                response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/api/v1/questions/2/hide", method: .post, headers: campaign, body: ByteBuffer(string: #"{"reason": "insultes envers le maire"}"#)
            ) { response in
                let shown = try jsonObject(response)
                #expect(shown["status"] as? String == "hidden" && shown["hiddenReason"] as? String == "insultes envers le maire")
            }
            try await client.execute(uri: "/api/v1/questions", method: .get, headers: official) { response in
                let listed = try jsonObject(response)["questions"] as? [[String: Any]] ?? []
                #expect(listed.map { $0["number"] as? Int } == [1], "the mayor sees what was sent to him, and only that")
                #expect(!String(buffer: response.body).contains("+22376000001"), "never an anonymous number")
                #expect(listed.first?["text"] as? String != nil && listed.first?["signedBy"] == nil)
            }
            try await client.execute(uri: "/api/v1/questions/2", method: .get, headers: official) { response in
                #expect(response.status == .notFound)
            }
            // Answered from the inbox or the API as by SMS.
            try await client.execute(uri: "/api/v1/questions/1/answers", method: .post, headers: official, body: ByteBuffer(string: #"{"text": "  "}"#)) {
                response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/api/v1/questions/1/answers", method: .post, headers: official, body: ByteBuffer(string: #"{"text": "Il sera réparé."}"#)
            ) { response in
                let shown = try jsonObject(response)
                #expect(response.status == .created && shown["status"] as? String == "answered")
            }
        }
        let sent = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT recipient, kind, text FROM outboundMessage ORDER BY id").map {
                "\($0["recipient"] as String) \($0["kind"] as String): \($0["text"] as String)"
            }
        }
        #expect(sent.contains("+22366000003 notification: Question no 1 (Eau Kayes): Le forage? -- Pour repondre: R 1 suivi de votre reponse"))
        #expect(!sent.contains { $0.contains("Des insultes") }, "a hidden question reaches no one")
        #expect(sent.contains("+22376000002 reply: I ka ɲininkali n° 2 ma ci: a tɛ #EngageonsNous sariyaw bonya. I bɛ se ka dɔ wɛrɛ ɲininka."))
        #expect(sent.contains { $0.hasPrefix("+22376000001 reply: Reponse du maire de Kayes a votre question no 1: Il sera réparé.") })
        let actions = try await database.auditLog(limit: 10).map(\.action)
        #expect(actions.contains("questions.hold") && actions.contains("question.approve") && actions.contains("question.hide"))
    }
}
