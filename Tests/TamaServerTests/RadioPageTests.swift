import Foundation
import Hummingbird
import HummingbirdTesting
import TamaAggregators
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct RadioPageTests {
    @Test func aHostOpensAQuestionAndReadsTheResultsWithNoNumberShown() async throws {
        let database = try AppDatabase.inMemory()
        let host = try await apiToken(database, .host, label: "Radio Kayes")
        let official = try await apiToken(database, .official)
        try await makeApplication(database: database).test(.router) { client in
            let browser = try await Browser.signIn(client, token: host)
            let (headers, csrf) = (browser.headers, browser.csrf)
            try await client.execute(uri: "/radio", method: .get, headers: headers) { response in
                #expect(String(buffer: response.body).contains(#"<a href="/radio/civisme-2026">Quiz civique #EngageonsNous</a>"#))
            }
            try await client.execute(uri: "/radio/civisme-2026/questions/1/open", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)")) {
                response in
                #expect(response.status == .seeOther && response.headers[.location] == "/radio/civisme-2026")
            }
            for (index, phone) in ["+22376000001", "+22376000002", "+22376000003"].enumerated() {
                let body = FormEncoding.encode([("from", phone), ("to", "384"), ("text", index == 2 ? "A" : "B"), ("id", "r\(index)")])
                try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { _ in }
            }
            try await answered(database)
            try await client.execute(uri: "/radio/civisme-2026", method: .get, headers: headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<span id="participants">3</span> participants"#))
                #expect(html.contains(#"<span id="q1-state" class="status status-open">ouverte</span>"#))
                #expect(html.contains(#"<b id="q1-B">67 %</b>"#) && html.contains(#"<span id="q1-right">67</span> % justes"#))
                #expect(html.contains(#"id="close-1""#) && html.contains(#"id="open-2""#))
                #expect(html.contains("+223 7• •• •• 01") && !html.contains("+22376000001"), "masked, never whole")
                #expect(html.contains("<script>") && html.contains("<noscript>"))
            }
            let officialHeaders = try await Browser.signIn(client, token: official).headers
            try await client.execute(uri: "/radio/civisme-2026", method: .get, headers: officialHeaders) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Un jeton « élu » ne peut pas voir les résultats des quiz."))
            }
            try await client.execute(uri: "/radio/civisme-2026", method: .get) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console/login")
            }
        }
    }

    @Test func resultsPerCommuneASeasonLeaderboardAndADrawReadOnAir() async throws {
        let database = try AppDatabase.inMemory()
        try await openShippedQuiz(database)
        try await database.importSubscribers(
            [
                SubscriberRow(phone: PhoneNumber("+22376000001")!, commune: "Kayes", source: "t"),
                SubscriberRow(phone: PhoneNumber("+22376000002")!, commune: "Diéma", source: "t"),
            ],
            campaign: "engageons-nous", at: Date()
        )
        let host = try await apiToken(database, .host)
        try await makeApplication(database: database).test(.router) { client in
            let browser = try await Browser.signIn(client, token: host)
            let (headers, csrf) = (browser.headers, browser.csrf)
            for (phone, letters) in [("+22376000001", "BAA"), ("+22376000002", "CAB")] {
                for (index, letter) in letters.enumerated() {
                    let body = FormEncoding.encode([("from", phone), ("to", "384"), ("text", "Q\(index + 1) \(letter)"), ("id", "\(phone)\(index)")])
                    try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { _ in }
                }
            }
            try await answered(database)
            try await client.execute(uri: "/radio/civisme-2026", method: .get, headers: headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<td>Kayes</td><td class=\"n\">3</td><td class=\"n\">100 %</td>"))
                #expect(html.contains("<td>Diéma</td><td class=\"n\">3</td><td class=\"n\">33 %</td>"))
            }
            try await client.execute(uri: "/radio", method: .get, headers: headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Classement de la saison") && html.contains("<td>+223 7• •• •• 01</td><td class=\"n\">3</td>"))
            }
            try await client.execute(uri: "/radio/civisme-2026/draws", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)&among=all-correct&count=1")) {
                response in
                #expect(response.status == .seeOther && response.headers[.location] == "/radio/civisme-2026/draws/1")
            }
            try await client.execute(uri: "/radio/civisme-2026/draws/1", method: .get, headers: headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Le gagnant du tirage : le numéro +223 7• •• •• 01, de Kayes. Bravo !"))
                #expect(html.contains("list-sha256: ") && !html.contains("+22376000001"))
            }
        }
    }
}
