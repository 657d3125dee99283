import Foundation
import Logging
import TamaFakeAggregator
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where tests leave what a person should look at: the console's screenshot.
let artifacts = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("test-artifacts")

@Suite(.serialized) struct ConsoleBrowserTests {
    /// A campaign team member signs in, fills the broadcast form, reads the preview and
    /// schedules it, in a real headless Chromium against a real server on loopback.
    @Test func aCampaignTeamUsesTheConsoleInARealBrowser() async throws {
        try #require(Chromium.installed, "Chromium is not installed: scripts/test installs the Debian package chromium")
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        try await database.importSubscribers(
            (0..<30).map { n in
                SubscriberRow(phone: PhoneNumber("+2237900\(String(format: "%04d", n))")!, language: n % 3 == 0 ? "bm" : "fr", commune: n < 20 ? "Kayes" : "Diéma", source: "t")
            },
            campaign: "engageons-nous", at: Date()
        )
        let secret = try await apiToken(database, .campaign, label: "Équipe Kayes")

        let port = freePort()
        let server = try await startLive(database: database, configuration: sendingConfiguration(port: port))
        defer { server.cancel() }
        let base = "http://127.0.0.1:\(port)"

        let chromium = try await Chromium.start(in: folder.folder)
        defer { chromium.stop() }
        let screenshot = artifacts.appendingPathComponent("console-preview.png")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let found = Collected<[String: String]>([:])
        try await chromium.drive { page in
            try await page.emulatePhone()
            try await page.signIn(at: base, token: secret)
            try await page.navigate(base + "/console/broadcasts/new")
            let fill = [
                ("name", "Réunion publique"), ("campaign", "engageons-nous"), ("communes", "Kayes"),
                ("text-fr", "Réunion publique samedi 10h à la mairie."), ("text-bm", "Ɲɔgɔnye sibiridon 10h meriso la."),
            ].map { "document.getElementById(\(Chromium.Session.quoted($0.0))).value = \(Chromium.Session.quoted($0.1));" }.joined()
            _ = try await page.evaluate(fill + "document.getElementById('preview').click()")
            try await page.wait(for: "document.getElementById('preview-result') && document.readyState === 'complete'")
            found.set("overflow", String(try await page.horizontalOverflow()))
            for id in ["recipients", "parts", "cost"] {
                let text = try await page.evaluate("document.getElementById('\(id)').textContent") as? String ?? ""
                found.set(id, text)
            }
            try await page.screenshot().write(to: screenshot)
            _ = try await page.evaluate("document.getElementById('schedule').click()")
            try await page.wait(for: "location.pathname === '/console/broadcasts' && document.getElementById('broadcast-1')")
            found.set("row", try await page.evaluate("document.getElementById('broadcast-1').textContent") as? String ?? "")
        }
        let values = found.value
        #expect(values["overflow"] == "0", "the form and its preview fit a 360-pixel phone screen")
        #expect(values["recipients"] == "20")
        #expect(values["parts"] == "20")
        #expect(values["cost"] == "500")
        #expect(values["row"]?.contains("Réunion publique") == true)
        #expect(try Data(contentsOf: screenshot).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try await database.broadcasts().map(\.name) == ["Réunion publique"])
    }
}

extension ConsoleBrowserTests {
    /// A radio host opens a question on her phone's browser, listeners answer by SMS, and
    /// the numbers on her page change without a reload.
    @Test func aHostSeesTheAnswersArriveWithoutAReload() async throws {
        try #require(Chromium.installed, "Chromium is not installed: scripts/test installs the Debian package chromium")
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        let token = try await apiToken(database, .host, label: "Radio Kayes")
        let port = freePort()
        let server = try await startLive(database: database, configuration: sendingConfiguration(port: port))
        defer { server.cancel() }
        let base = "http://127.0.0.1:\(port)"
        let chromium = try await Chromium.start(in: folder.folder)
        defer { chromium.stop() }
        let screenshot = artifacts.appendingPathComponent("radio-results.png")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let found = Collected<[String: String]>([:])
        try await chromium.drive { page in
            try await page.emulatePhone()
            try await page.signIn(at: base, token: token)
            try await page.navigate(base + "/radio/civisme-2026")
            _ = try await page.evaluate("document.getElementById('open-1').click()")
            try await page.wait(for: "document.getElementById('close-1') && document.readyState === 'complete'")
            // A mark the page keeps only as long as it is not reloaded.
            _ = try await page.evaluate("window.notReloaded = true")
            try await page.wait(for: "document.getElementById('participants').textContent === '0'")
            for (index, phone) in ["+22376000001", "+22376000002", "+22376000003"].enumerated() {
                var request = URLRequest(url: URL(string: base + "/sms/africastalking/" + secret)!)
                request.httpMethod = "POST"
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data("from=\(phone.replacingOccurrences(of: "+", with: "%2B"))&to=384&text=\(index == 2 ? "A" : "B")&id=live-\(index)".utf8)
                _ = try await URLSession.shared.data(for: request)
            }
            try await page.wait(for: "document.getElementById('participants').textContent === '3'")
            found.set("reloaded", String(describing: try await page.evaluate("window.notReloaded === true") as? Bool ?? false))
            found.set("share", try await page.evaluate("document.getElementById('q1-B').textContent") as? String ?? "")
            found.set("leader", try await page.evaluate("document.getElementById('leaders').rows[0].cells[1].textContent") as? String ?? "")
            found.set("overflow", String(try await page.horizontalOverflow()))
            try await page.screenshot().write(to: screenshot)
        }
        let values = found.value
        #expect(values["reloaded"] == "true", "the numbers changed on the page as it was")
        #expect(values["share"] == "67 %")
        #expect(values["leader"] == "+223 7• •• •• 01")
        #expect(values["overflow"] == "0")
        #expect(try Data(contentsOf: screenshot).starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}

extension ConsoleBrowserTests {
    /// The mayor of Diéma signs in on his phone's browser, reads the question a citizen
    /// asked by USSD and answers it; the answer reaches the aggregator for the citizen. The
    /// public page counts it; a campaign user makes it public from the moderation page, and
    /// the public page shows it, with no number anywhere.
    @Test func anOfficialAnswersFromTheInboxInARealBrowser() async throws {
        try #require(Chromium.installed, "Chromium is not installed: scripts/test installs the Debian package chromium")
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        let mayor = try await registerMayor(database)
        let token = try await apiToken(database, .official, label: "Maire de Diéma", official: mayor.id)
        let campaign = try await apiToken(database, .campaign, label: "Équipe #EngageonsNous")
        let (fakePort, port) = (freePort(), freePort())
        let recorder = try FakeAggregatorRecorder()
        let fake = FakeAggregator.buildApplication(port: fakePort, settings: FakeAggregatorSettings(), recorder: recorder, logger: quietLogger)
        let aggregator = Task { try await fake.runService() }
        defer { aggregator.cancel() }
        var configuration = sendingConfiguration(port: port)
        configuration.africasTalking.baseURL = URL(string: "http://127.0.0.1:\(fakePort)")!
        configuration.dispatch.quietHours = QuietHours(start: 0, end: 0)
        let server = try await startLive(database: database, configuration: configuration)
        defer { server.cancel() }
        let base = "http://127.0.0.1:\(port)"
        // A citizen asks by USSD, anonymously: Diéma, water.
        var text = ""
        for key in ["1", "3", "4", "1", "1", "Le forage de Diéma est en panne", nil] as [String?] {
            var request = URLRequest(url: URL(string: base + "/ussd/africastalking/" + secret)!)
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(callback(session: "ATUid_inbox", phone: "+22376000001", text: text).utf8)
            _ = try await URLSession.shared.data(for: request)
            if let key { text = text.isEmpty ? key : text + "*" + key }
        }
        let chromium = try await Chromium.start(in: folder.folder)
        defer { chromium.stop() }
        let screenshot = artifacts.appendingPathComponent("official-inbox.png")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let found = Collected<[String: String]>([:])
        try await chromium.drive { page in
            try await page.emulatePhone()
            try await page.signIn(at: base, token: token)
            try await page.navigate(base + "/inbox")
            found.set("question", try await page.evaluate("document.getElementById('question-1').textContent") as? String ?? "")
            found.set("overflow", String(try await page.horizontalOverflow()))
            try await page.screenshot().write(to: screenshot)
            _ = try await page.evaluate(
                "document.getElementById('answer-1').value = 'Le forage sera réparé lundi.'; document.getElementById('send-1').click()"
            )
            try await page.wait(for: "location.pathname === '/inbox' && document.readyState === 'complete' && document.querySelector('.answer')")
            found.set("answer", try await page.evaluate("document.querySelector('.answer').textContent") as? String ?? "")

            try await page.navigate(base + "/redevabilite/diema?jours=30")
            found.set("counts", try await page.evaluate("document.getElementById('counts').textContent") as? String ?? "")
            found.set("public overflow", String(try await page.horizontalOverflow()))
            try await page.screenshot().write(to: artifacts.appendingPathComponent("accountability-commune.png"))

            try await page.signIn(at: base, token: campaign)
            try await page.navigate(base + "/console/questions")
            found.set("moderation overflow", String(try await page.horizontalOverflow()))
            _ = try await page.evaluate("document.getElementById('public-1').click()")
            try await page.wait(for: "document.readyState === 'complete' && document.getElementById('draft-1') !== null")
            try await page.screenshot().write(to: artifacts.appendingPathComponent("console-questions.png"))
            try await page.navigate(base + "/redevabilite/diema?jours=30")
            found.set("published", try await page.evaluate("document.getElementById('question-1').textContent") as? String ?? "")
            found.set("public page", try await page.evaluate("document.body.innerHTML") as? String ?? "")
        }
        let values = found.value
        #expect(values["question"]?.contains("Le forage de Diéma est en panne") == true && values["question"]?.contains("anonyme") == true)
        #expect(values["question"]?.contains("+22376000001") == false)
        #expect(values["answer"]?.contains("Le forage sera réparé lundi.") == true)
        #expect(values["overflow"] == "0" && values["public overflow"] == "0" && values["moderation overflow"] == "0")
        #expect(values["counts"]?.contains("Questions reçues : 1 · répondues : 1") == true)
        #expect(values["published"]?.contains("Le forage de Diéma est en panne") == true && values["published"]?.contains("Le forage sera réparé lundi.") == true)
        #expect(values["public page"]?.contains("+223") == false)
        #expect(try await eventually(20) { recorder.messages.contains { $0.recipient == "+22376000001" } })
        #expect(recorder.messages.first { $0.recipient == "+22376000001" }?.text.hasPrefix("Reponse du maire de Diéma a votre question no 1: Le forage sera réparé lundi.") == true)
        #expect(try Data(contentsOf: screenshot).starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}

/// A value the browser steps fill in for the test to check afterwards.
final class Collected<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func set<K, V>(_ key: K, _ element: V) where Value == [K: V] { lock.withLock { stored[key] = element } }
}
