import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import TamaAggregators
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

private let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

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
        let secret = try await apiToken(database, .campaign, label: "Équipe <Kayes>")
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
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
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && (cookie.contains("Path=/;") || cookie.hasSuffix("Path=/")))
                #expect(cookie.hasPrefix("tama_session=tama_s_") && !cookie.contains(secret), "the cookie is a session, not the token")
                #expect(!cookie.contains("Secure"), "no https public URL: the cookie works over plain http on loopback")
            }
            let browser = try await Browser.signIn(client, token: secret)
            try await client.execute(uri: "/console/broadcasts/new", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"name="texts[fr]""#) && html.contains(#"name="texts[bm]""#))
                #expect(html.contains(#"name="csrf" value="\#(browser.csrf)""#))
                #expect(html.contains(#"id="subscribersOnly" name="subscribersOnly" value="1" checked"#), "subscribers only unless unticked")
                #expect(html.contains("Équipe &lt;Kayes&gt;") && !html.contains("Équipe <Kayes>"))
            }
            let fields = [
                ("csrf", browser.csrf), ("name", "<script>alert(1)</script>"), ("campaign", "engageons-nous"), ("communes", "Kayes"),
                ("tags", ""), ("subscribersOnly", "1"), ("texts[fr]", "Réunion samedi & dimanche"), ("texts[bm]", "Ɲɔgɔnye sibiridon"),
                ("fallback", "fr"), ("scheduledAt", ""),
            ]
            try await client.execute(uri: "/console/broadcasts", method: .post, headers: browser.headers, body: form(fields + [("action", "preview")])) {
                response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<span id="recipients">12</span>"#))
                #expect(html.contains(#"<span id="cost">300</span>"#))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"))
                #expect(html.contains("Réunion samedi &amp; dimanche"))
            }
            try await client.execute(uri: "/console/broadcasts", method: .post, headers: browser.headers, body: form(fields + [("action", "schedule")])) {
                response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console/broadcasts")
            }
            try await client.execute(uri: "/console/broadcasts", method: .get, headers: browser.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<tr id="broadcast-1">"#) && html.contains("&lt;script&gt;"))
                // The app's fan-out runs beside the test and may have started it already.
                #expect(html.contains(#"http-equiv="refresh""#) && ["programmée", "en préparation", "en envoi"].contains { html.contains($0) })
            }
            let empty = fields.map { $0.0 == "communes" ? ("communes", "Tombouctou") : $0 }
            try await client.execute(uri: "/console/broadcasts", method: .post, headers: browser.headers, body: form(empty + [("action", "schedule")])) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Personne ne correspond à ces critères."))
            }
        }
        #expect(try await database.broadcasts().count == 1)
    }

    @Test func theOldTokenCookieSignsNoOneInAndSigningOutEndsTheSessionOnTheServer() async throws {
        let database = try AppDatabase.inMemory()
        let secret = try await apiToken(database, .campaign)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            try await client.execute(uri: "/console/broadcasts", method: .get, headers: [.cookie: "tama_session=\(secret)"]) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console/login")
            }
            let browser = try await Browser.signIn(client, token: secret)
            try await client.execute(uri: "/console/broadcasts", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/console/logout", method: .post, headers: browser.headers, body: form([("csrf", browser.csrf)])) {
                response in
                #expect(response.status == .seeOther && response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            // The browser forgot the cookie; a copy of it is worth nothing now.
            try await client.execute(uri: "/console/broadcasts", method: .get, headers: browser.headers) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console/login")
            }
        }
        let actions = try await database.auditLog(limit: 10).map(\.action)
        #expect(actions.contains("console.login") && actions.contains("console.logout"))
    }

    @Test func everyPostNeedsTheSessionsFormTokenAndNoForeignOrigin() async throws {
        let database = try AppDatabase.inMemory()
        let secret = try await apiToken(database, .campaign)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            let browser = try await Browser.signIn(client, token: secret)
            let cancel = "/console/broadcasts/1/cancel"
            try await client.execute(uri: cancel, method: .post, headers: browser.headers, body: form([])) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("did not come from this console"))
            }
            try await client.execute(uri: cancel, method: .post, headers: browser.headers, body: form([("csrf", TokenSecret.csrf(for: "another"))])) {
                response in
                #expect(response.status == .forbidden)
            }
            var foreign = browser.headers
            foreign[.origin] = "https://evil.example"
            try await client.execute(uri: cancel, method: .post, headers: foreign, body: form([("csrf", browser.csrf)])) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("came from another site"))
            }
            try await client.execute(uri: "/console/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"], body: form([("token", secret)])) {
                response in
                #expect(response.status == .forbidden)
            }
            // The right token, from the console itself: the request reaches its route.
            try await client.execute(uri: cancel, method: .post, headers: browser.headers, body: form([("csrf", browser.csrf)])) { response in
                #expect(response.status == .conflict || response.status == .notFound)
            }
        }
    }

    @Test func aSessionEndsAfterItsDayAndAnHTTPSPublicURLMakesTheCookieSecure() async throws {
        let database = try AppDatabase.inMemory()
        let secret = try await apiToken(database, .campaign)
        let clock = Mutex(Date())
        var configuration = sendingConfiguration()
        configuration.publicURL = URL(string: "https://gw.example.ml")
        configuration.secureConsoleCookie = true
        let app = makeApplication(database: database, now: { clock.withLock { $0 } }, configuration: configuration)
        try await app.test(.router) { client in
            try await client.execute(uri: "/console/login", method: .post, headers: formType, body: form([("token", secret)])) { response in
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
            let browser = try await Browser.signIn(client, token: secret)
            clock.withLock { $0 += SignInRoutes.sessionLength + 1 }
            try await client.execute(uri: "/console", method: .get, headers: browser.headers) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/console/login")
            }
        }
        let secure = try ServerConfiguration(.environment(["TAMA_AFRICASTALKING_CALLBACK_SECRET": "0123456789abcdef", "TAMA_PUBLIC_URL": "https://gw.example.ml"]))
        #expect(secure.secureConsoleCookie)
    }

    @Test func eachRoleHasItsHomeAndAHostCannotOpenTheBroadcastForm() async throws {
        let database = try AppDatabase.inMemory()
        let host = try await apiToken(database, .host, label: "Radio Kayes")
        let campaign = try await apiToken(database, .campaign, label: "Équipe")
        try await makeApplication(database: database).test(.router) { client in
            let radio = try await Browser.signIn(client, token: host)
            try await client.execute(uri: "/console", method: .get, headers: radio.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok && html.contains("Rôle : animation radio") && html.contains(#"id="role-page""#))
                #expect(!html.contains("/console/broadcasts"), "a host sees no link it cannot open")
            }
            try await client.execute(uri: "/console/broadcasts/new", method: .get, headers: radio.headers) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Un jeton « animation radio » ne peut pas créer ou modifier des diffusions."))
            }
            let team = try await Browser.signIn(client, token: campaign)
            try await client.execute(uri: "/console", method: .get, headers: team.headers) { response in
                #expect(String(buffer: response.body).contains(#"<a href="/console/broadcasts/new">"#))
            }
        }
    }

    @Test func theStylesheetIsServedByTama() async throws {
        try await makeApplication(database: try AppDatabase.inMemory()).test(.router) { client in
            try await client.execute(uri: "/style.css", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains(".bar span"))
            }
        }
    }
}
