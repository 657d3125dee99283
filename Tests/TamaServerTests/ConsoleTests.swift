import Foundation
import Hummingbird
import HummingbirdTesting
import TamaAggregators
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

private let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

private func signedIn(_ secret: String) -> HTTPFields {
    [.contentType: "application/x-www-form-urlencoded", .cookie: "tama_token=\(secret)"]
}

private func form(_ fields: [(String, String)]) -> ByteBuffer {
    ByteBuffer(string: FormEncoding.encode(fields))
}

@Suite struct ConsoleTests {
    @Test func aCampaignTeamSignsInPreviewsAndSchedulesWithEverythingEscaped() async throws {
        let database = try AppDatabase.inMemory()
        try await database.importSubscribers(
            (0..<12).map { SubscriberRow(phone: PhoneNumber("+2237800000\(String(format: "%02d", $0))")!, language: $0 % 3 == 0 ? "bm" : "fr", commune: "Kayes", source: "t") },
            campaign: "engageons-nous", at: Date()
        )
        let secret = TokenSecret.generate()
        _ = try await database.createToken(label: "Équipe <Kayes>", role: .campaign, hash: TokenSecret.hash(secret), actor: "cli", at: Date())
        let configuration = sendingConfiguration()
        try await makeApplication(database: database, configuration: configuration).test(.router) { client in
            try await client.execute(uri: "/console", method: .get) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console/login")
            }
            try await client.execute(uri: "/console/login", method: .post, headers: formType, body: form([("token", "tama_wrong")])) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("Ce jeton est inconnu ou révoqué."))
            }
            try await client.execute(uri: "/console/login", method: .post, headers: formType, body: form([("token", secret)])) { response in
                #expect(response.status == .seeOther)
                let cookie = response.headers[.setCookie] ?? ""
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"))
            }
            try await client.execute(uri: "/console/broadcasts/new", method: .get, headers: signedIn(secret)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"name="text-fr""#) && html.contains(#"name="text-bm""#))
                #expect(html.contains("Équipe &lt;Kayes&gt;") && !html.contains("Équipe <Kayes>"))
            }
            let fields = [
                ("name", "<script>alert(1)</script>"), ("campaign", "engageons-nous"), ("communes", "Kayes"), ("tags", ""),
                ("text-fr", "Réunion samedi & dimanche"), ("text-bm", "Ɲɔgɔnye sibiridon"), ("fallback", "fr"), ("scheduledAt", ""),
            ]
            try await client.execute(uri: "/console/broadcasts", method: .post, headers: signedIn(secret), body: form(fields + [("action", "preview")])) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<span id="recipients">12</span>"#))
                #expect(html.contains(#"<span id="cost">300</span>"#))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"))
                #expect(html.contains("Réunion samedi &amp; dimanche"))
            }
            try await client.execute(uri: "/console/broadcasts", method: .post, headers: signedIn(secret), body: form(fields + [("action", "schedule")])) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console")
            }
            try await client.execute(uri: "/console", method: .get, headers: signedIn(secret)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<tr id="broadcast-1">"#) && html.contains("&lt;script&gt;"))
                #expect(html.contains(#"http-equiv="refresh""#))
            }
            let empty = fields.map { $0.0 == "communes" ? ("communes", "Tombouctou") : $0 }
            try await client.execute(uri: "/console/broadcasts", method: .post, headers: signedIn(secret), body: form(empty + [("action", "schedule")])) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Personne ne correspond à ces critères."))
            }
        }
        #expect(try await database.broadcasts().count == 1)
    }

    @Test func aHostTokenCannotOpenTheBroadcastForm() async throws {
        let database = try AppDatabase.inMemory()
        let secret = TokenSecret.generate()
        _ = try await database.createToken(label: "Radio", role: .host, hash: TokenSecret.hash(secret), actor: "cli", at: Date())
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: "/console/broadcasts/new", method: .get, headers: signedIn(secret)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Un jeton host ne peut pas create and change broadcasts."))
            }
        }
    }
}
