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

/// The official's inbox and the campaign team's moderation page, as forms post them.
@Suite struct QuestionPageTests {
    @Test func anOfficialAnswersFromTheInboxAndSeesOnlyTheirQuestions() async throws {
        let database = try AppDatabase.inMemory()
        let mayor = try await registerMayor(database)
        let other = Official(name: "Sidi Keïta", office: .mayor, commune: "kayes", phone: PhoneNumber("+22366000003")!, languages: ["fr"], topics: nil)
        _ = try await database.registerOfficials([other], actor: "test", role: nil, at: Date())
        let token = try await apiToken(database, .official, label: "Maire de Diéma", official: mayor.id)
        let host = try await apiToken(database, .host)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            try await client.ask(session: "ATUid_1", phone: "+22376000001", commune: 4, topic: 1, "Le <forage> est en panne")
            try await client.ask(session: "ATUid_2", phone: "+22376000002", commune: 1, topic: 1, "Une question pour Kayes")
            let browser = try await Browser.signIn(client, token: token)
            try await client.execute(uri: "/inbox", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("Question n° 1") && html.contains("Le &lt;forage&gt; est en panne") && html.contains("anonyme"))
                #expect(!html.contains("Une question pour Kayes"), "only what was sent to this official")
                #expect(!html.contains("+22376000001"), "never an anonymous number")
                #expect(html.contains(#"<form method="post" action="/inbox/1/answer">"#))
            }
            try await client.execute(uri: "/inbox/1/answer", method: .post, headers: browser.headers, body: ByteBuffer(string: "text=Sans+jeton")) { response in
                #expect(response.status == .forbidden, "a form without the session's form token changes nothing")
            }
            try await client.execute(
                uri: "/inbox/2/answer", method: .post, headers: browser.headers, body: ByteBuffer(string: "csrf=\(browser.csrf)&text=Pas+pour+moi")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("La question no 2 ne vous a pas ete adressee"))
            }
            try await client.execute(
                uri: "/inbox/1/answer", method: .post, headers: browser.headers, body: ByteBuffer(string: "csrf=\(browser.csrf)&text=R%C3%A9par%C3%A9+lundi.")
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/inbox#question-1")
            }
            try await client.execute(uri: "/inbox", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains("Réparé lundi."))
            }
            let hostBrowser = try await Browser.signIn(client, token: host)
            try await client.execute(uri: "/inbox", method: .get, headers: hostBrowser.headers) { response in
                #expect(response.status == .forbidden)
            }
        }
        let relay = try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT text FROM outboundMessage WHERE recipient = '+22376000001' AND kind = 'reply'")
        }
        #expect(relay == "Reponse du maire de Diéma a votre question no 1: Réparé lundi. -- MERCI 1 ou PAS CLAIR 1 pour donner votre avis")
        #expect(try await database.question(1)?.answers.map(\.channel) == ["web"])
    }

    @Test func aCampaignTeamHoldsApprovesAndHidesFromTheConsole() async throws {
        let database = try AppDatabase.inMemory()
        try await registerMayor(database)
        let campaign = try await apiToken(database, .campaign)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            let browser = try await Browser.signIn(client, token: campaign)
            try await client.execute(
                uri: "/console/questions/communes/diema", method: .post, headers: browser.headers, body: ByteBuffer(string: "csrf=\(browser.csrf)&hold=1")
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.ask(session: "ATUid_1", phone: "+22376000001", commune: 4, topic: 1, "Le forage")
            try await client.ask(session: "ATUid_2", phone: "+22376000002", commune: 4, topic: 1, "Des insultes")
            try await client.execute(uri: "/console/questions", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"id="approve-1""#) && html.contains(#"id="approve-2""#))
                #expect(html.contains("retenues pour approbation"))
                #expect(!html.contains("+22376000001") && !html.contains("+22376000002"))
            }
            try await client.execute(uri: "/console/questions/1/approve", method: .post, headers: browser.headers, body: ByteBuffer(string: "csrf=\(browser.csrf)")) {
                response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/console/questions/2/hide", method: .post, headers: browser.headers, body: ByteBuffer(string: "csrf=\(browser.csrf)&reason=")) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Donnez la raison"))
            }
            try await client.execute(
                uri: "/console/questions/2/hide", method: .post, headers: browser.headers, body: ByteBuffer(string: "csrf=\(browser.csrf)&reason=insultes")
            ) { response in
                #expect(response.status == .seeOther)
            }
        }
        #expect(try await database.question(1)?.status == .routed)
        #expect(try await database.question(2)?.status == .hidden)
        #expect(try await database.heldCommunes() == ["diema"])
    }
}
