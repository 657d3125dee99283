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

/// The public accountability page, its CSV and the API, on a fixed set of questions
/// answered at known times; a question answered on the radio; a question made public and
/// turned into a broadcast draft. No phone number anywhere.
@Suite struct AccountabilityPageTests {
    static let citizens = (1...6).map { "+2237600000\($0)" }

    @Test func figuresPerCommuneOfficialAndTopicWithoutANumberOrAnUnpublishedText() async throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock()
        try await registerMayor(database)
        let councillor = Official(
            name: "Awa Traoré", office: .councillor, commune: "diema", phone: PhoneNumber("+22366000002")!, languages: ["fr"], topics: ["sante"]
        )
        _ = try await database.registerOfficials([councillor], actor: "test", role: nil, at: clock.now)
        let campaign = try await apiToken(database, .campaign)
        let host = try await apiToken(database, .host, label: "Radio Rurale Kayes")
        let hostHeaders = try await apiHeaders(database, .host)
        try await makeApplication(database: database, now: { clock.now }, configuration: sendingConfiguration()).test(.router) { client in
            // Six questions in Diéma, at the same moment: water (1), school (3), health (2, signed), roads (4).
            try await client.ask(session: "ATUid_1", phone: Self.citizens[0], topic: 1, "Le forage du quartier est en panne")
            try await client.ask(session: "ATUid_2", phone: Self.citizens[1], topic: 1, "Quand reviendra l'eau?")
            try await client.ask(session: "ATUid_3", phone: Self.citizens[2], topic: 3, "Il manque un maître")
            try await client.ask(session: "ATUid_4", phone: Self.citizens[3], topic: 2, signed: true, "Le dispensaire ferme à midi")
            try await client.ask(session: "ATUid_5", phone: Self.citizens[4], topic: 1, "Le prix de l'eau?")
            try await client.ask(session: "ATUid_6", phone: Self.citizens[5], topic: 4, "La route de Kayes")
            // The mayor answers two after 2 and 4 hours, the councillor one after 6; the radio one after 10.
            clock.advance(hours: 2)
            try await client.sms(from: "+22366000001", "R 1 Réparé lundi.", id: "answer-1")
            clock.advance(hours: 2)
            try await client.sms(from: "+22366000001", "R 2 Demain matin.", id: "answer-2")
            clock.advance(hours: 2)
            try await client.sms(from: "+22366000002", "R 4 Il ouvrira jusqu'à 17 h.", id: "answer-4")
            clock.advance(hours: 4)
            let studio = try await Browser.signIn(client, token: host)
            try await client.execute(uri: "/radio", method: .get, headers: studio.headers) { response in
                #expect(String(buffer: response.body).contains(#"<form id="on-air-form" method="post" action="/radio/questions/on-air">"#))
            }
            try await client.execute(
                uri: "/radio/questions/on-air", method: .post, headers: studio.headers,
                body: ByteBuffer(string: FormEncoding.encode([("csrf", studio.csrf), ("number", "99"), ("text", "")]))
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Il n&#39;y a pas de question n° 99"))
            }
            try await client.execute(
                uri: "/radio/questions/on-air", method: .post, headers: studio.headers,
                body: ByteBuffer(string: FormEncoding.encode([("csrf", studio.csrf), ("number", "5"), ("text", "Le prix reste 10 F le bidon.")]))
            ) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/radio?antenne=5#on-air-form")
            }
            try await client.execute(uri: "/radio?antenne=5", method: .get, headers: studio.headers) { response in
                #expect(String(buffer: response.body).contains("La question n° 5 compte comme répondue à l'antenne."))
            }

            // The overview: Diéma received 6, 4 answered (67 %), first answers after 2, 4, 6 and 10 hours.
            try await client.execute(uri: "/redevabilite?jours=30", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(
                    html.contains(
                        #"<tr id="commune-diema"><td><a href="/redevabilite/diema?jours=30">Diéma</a></td><td class="n">6</td><td class="n">4</td><td>67 %"#
                    )
                )
                #expect(html.contains(#"<td class="n">5 h</td>"#))
                Self.expectNothingPrivate(html)
            }
            // The commune: the mayor is ranked (2 of 6, 33 %, 3 h); the councillor, with one question, is not.
            try await client.execute(uri: "/redevabilite/diema?jours=30", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Questions reçues : 6 · répondues : 4 · délai médian : 5 h (sur les 30 derniers jours)"))
                #expect(
                    html.contains(
                        #"<tr><td>1</td><td>Moussa Diarra, maire</td><td class="n">6</td><td class="n">2</td><td>33 %<div class="bar"><span style="width:33%"></span></div></td><td class="n">3 h</td></tr>"#
                    )
                )
                #expect(html.contains(#"<tr><td>—</td><td>Awa Traoré, conseiller</td><td class="n">1</td><td class="n">1</td><td>—"#))
                #expect(html.contains(#"<tr><td>Eau</td><td class="n">3</td><td class="n">3</td><td>100 %"#))
                #expect(html.contains("moins de 5 questions n'a ni part ni rang"))
                #expect(!html.contains("rendues publiques"), "nothing made public yet")
                Self.expectNothingPrivate(html)
            }

            // A campaign user makes question 1 public: its text and answer appear, still no number.
            let team = try await Browser.signIn(client, token: campaign)
            try await client.execute(uri: "/console/questions/1/public", method: .post, headers: studio.headers, body: ByteBuffer(string: "csrf=\(studio.csrf)&public=1"))
            { response in
                #expect(response.status == .forbidden, "a host does not publish questions")
            }
            for number in [1, 3] {
                try await client.execute(
                    uri: "/console/questions/\(number)/public", method: .post, headers: team.headers, body: ByteBuffer(string: "csrf=\(team.csrf)&public=1")
                ) { response in
                    #expect(response.status == .seeOther)
                }
            }
            try await client.execute(uri: "/redevabilite/diema?jours=30", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Le forage du quartier est en panne") && html.contains("<b>Moussa Diarra</b>") && html.contains("Réparé lundi."))
                #expect(!html.contains("Il manque un maître"), "a public question shows once it is answered")
                #expect(!html.contains("Quand reviendra"))
                Self.expectNothingPrivate(html)
            }
            try await client.execute(uri: "/console/questions", method: .get, headers: team.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<a href="/console/broadcasts/new?question=1" id="draft-1">"#))
                #expect(!html.contains(#"id="draft-3""#))
            }
            try await client.execute(uri: "/console/broadcasts/new?question=1", method: .get, headers: team.headers) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains(#"value="Réponse à la question n° 1""#) && html.contains(#"value="Diéma""#))
                #expect(html.contains("Question d&#39;un citoyen de Diéma : Le forage du quartier est en panne Réponse (le maire) : Réparé lundi."))
            }
            try await client.execute(uri: "/console/broadcasts/new?question=3", method: .get, headers: team.headers) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("La question n° 3 n&#39;est pas répondue et publique"))
            }

            // The same figures as CSV and through the API.
            try await client.execute(uri: "/redevabilite/donnees.csv?jours=30", method: .get) { response in
                let csv = String(buffer: response.body)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = csv.split(separator: "\r\n").map(String.init)
                #expect(lines.first == "days,commune,level,name,received,answered,answered_percent,median_hours,rank")
                #expect(lines.contains("30,diema,commune,Diéma,6,4,67,5.0,"))
                #expect(lines.contains("30,diema,official,Moussa Diarra (mayor),6,2,33,3.0,1"))
                #expect(lines.contains("30,diema,official,Awa Traoré (councillor),1,1,,6.0,"))
                #expect(lines.contains("30,diema,topic,sante,1,1,100,6.0,"))
                Self.expectNothingPrivate(csv)
            }
            try await client.execute(uri: "/redevabilite?jours=7", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/accountability?days=30", method: .get, headers: hostHeaders) { response in
                let text = String(buffer: response.body)
                let body = try jsonObject(response)
                let figures = body["figures"] as? [String: Any]
                let communes = figures?["communes"] as? [[String: Any]] ?? []
                #expect(communes.map { $0["commune"] as? String } == ["diema"])
                let diema = communes.first?["figures"] as? [String: Any]
                #expect(diema?["received"] as? Int == 6 && diema?["answered"] as? Int == 4 && diema?["medianHours"] as? Double == 5)
                let officials = body["officials"] as? [String: [String: Any]] ?? [:]
                #expect(Set(officials.values.compactMap { $0["name"] as? String }) == ["Moussa Diarra", "Awa Traoré"])
                Self.expectNothingPrivate(text)
            }
        }
        #expect(try await database.question(5)?.answers.map(\.channel) == ["radio"])
        #expect(try await database.question(5)?.status == .answered)
        let audit = try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM auditLog WHERE action IN ('question.on-air', 'question.public') ORDER BY id")
        }
        #expect(audit == ["question.on-air", "question.public", "question.public"])
    }

    @Test func waitsReadAsPeopleSayThem() {
        let wait = AccountabilityPages.Figures.wait
        #expect([0, 0.3, 1, 2.5, 47.9, 60, 240].map(wait) == ["< 6 min", "18 min", "1 h", "2,5 h", "47,9 h", "2,5 j", "10 j"])
    }

    /// Neither a citizen's number, nor an official's, nor the text of a question no one made public.
    static func expectNothingPrivate(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains("+223") && !text.contains("22376") && !text.contains("22366"), sourceLocation: sourceLocation)
        for unpublished in ["Quand reviendra", "Il manque un maître", "Le dispensaire", "Le prix de l", "La route de Kayes"] {
            #expect(!text.contains(unpublished), sourceLocation: sourceLocation)
        }
    }
}
