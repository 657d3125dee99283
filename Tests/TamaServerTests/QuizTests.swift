import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaAggregators
import Synchronization
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

/// The radio quiz as listeners meet it: defined once in the menu, answered by USSD or SMS,
/// open only when the host says so.
@Suite struct QuizTests {

    private func answers(_ database: AppDatabase) async throws -> [String] {
        try await database.reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.phone, a.question, a.choice, a.correct, a.points, a.late, a.channel
                    FROM quizAnswer a JOIN subscriber s ON s.id = a.subscriberId ORDER BY a.id
                    """
            ).map { "\($0[0] as String) \($0[1] as String)=\($0[2] as String) right=\($0[3] as Bool) points=\($0[4] as Int) late=\($0[5] as Bool) \($0[6] as String)" }
        }
    }

    @Test func anAnswerCountsOnceByUSSDOrSMSAndOnlyWhileItsQuestionIsOpen() async throws {
        let database = try AppDatabase.inMemory()
        try await database.setState(.open, of: "q1", in: "civisme-2026", actor: "test", role: nil, at: Date())
        try await makeApplication(database: database).test(.router) { client in
            // By USSD: French, quiz, question 1 (the only one open) answered B, then the end.
            _ = try await client.hop(session: "U1", phone: "+22376000001", text: "")
            _ = try await client.hop(session: "U1", phone: "+22376000001", text: "1")
            let question = try await client.hop(session: "U1", phone: "+22376000001", text: "1*1")
            #expect(question.hasPrefix("CON Question 1/3"))
            let done = try await client.hop(session: "U1", phone: "+22376000001", text: "1*1*2")
            #expect(done.hasPrefix("END Merci! Vos réponses sont enregistrées."))
            // The same listener by SMS: her USSD answer already counts.
            try await client.sms(from: "+22376000001", "Q1 A", id: "s1")
            // Another listener: a bare letter answers the open question; question 2 is not open yet.
            try await client.sms(from: "+22376000002", "b", id: "s2")
            try await client.sms(from: "+22376000002", "Q2 A", id: "s3")
        }
        try await database.setState(.open, of: "q2", in: "civisme-2026", actor: "test", role: nil, at: Date())
        try await makeApplication(database: database).test(.router) { client in
            // Now it is: her earlier late answer does not stand in the way.
            try await client.sms(from: "+22376000002", "2A", id: "s4")
        }
        #expect(
            try await answers(database) == [
                "+22376000001 q1=B right=true points=1 late=false ussd",
                "+22376000002 q1=B right=true points=1 late=false sms",
                "+22376000002 q2=A right=true points=0 late=true sms",
                "+22376000002 q2=A right=true points=1 late=false sms",
            ]
        )
        let replies = try await database.reader.read { db in try String.fetchAll(db, sql: "SELECT text FROM outboundMessage ORDER BY id") }
        #expect(replies[0].hasPrefix("Vous avez deja repondu a la question Q1"))
        #expect(replies[2].hasPrefix("La question Q2 n'est pas ouverte"))
    }

    @Test func theHostOpensAndClosesFromTheCommandLine() async throws {
        let folder = try TemporaryDatabase()
        _ = try folder.open()
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        func run(_ arguments: [String], _ name: String) throws -> (Int32, String) {
            let log = folder.folder.appendingPathComponent(name)
            let process = try startProcess(tama, ["quiz"] + arguments + ["--database", folder.path, "--menus", shippedMenusPath], log: log)
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
        }
        #expect(try run(["open", "civisme-2026", "2"], "open.out") == (0, "civisme-2026 question 2 is open\n"))
        let (unknownStatus, unknown) = try run(["open", "civisme", "2"], "unknown.out")
        #expect(unknownStatus != 0 && unknown.contains("there is no quiz 'civisme'; the menus define: civisme-2026"))
        let (missingStatus, missing) = try run(["close", "civisme-2026", "q7"], "missing.out")
        #expect(missingStatus != 0 && missing.contains("quiz 'civisme-2026' has no question 'q7'; it has 1 to 3"))
        #expect(try run(["close", "civisme-2026", "q2"], "close.out").0 == 0)
        let database = try folder.open()
        #expect(try await database.quizStates() == QuizStates(["civisme-2026/q2": .closed]))
        #expect(try await database.auditLog(limit: 2).map(\.action) == ["quiz.closed", "quiz.open"])
    }
}

/// The API's results, read as a client reads them (dates in ISO 8601).
private func decodeResults(_ data: Data) throws -> QuizResults {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(QuizResults.self, from: data)
}

/// What hosts read: results per question, leaders by score then by time, numbers masked.
@Suite struct QuizResultsTests {
    @Test func resultsCountAnswersInTimeRankLeadersAndMaskEveryNumber() async throws {
        let database = try AppDatabase.inMemory()
        try await database.setState(.open, of: "q1", in: "civisme-2026", actor: "test", role: nil, at: Date())
        try await database.setState(.open, of: "q2", in: "civisme-2026", actor: "test", role: nil, at: Date())
        let host = try await apiHeaders(database, .host)
        let official = try await apiHeaders(database, .official)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = Mutex(start)
        let app = makeApplication(database: database, now: { clock.withLock { $0 } })
        // Listener 2 reaches 2 points before listener 1 does; listener 3 gets 1; a late answer to q3.
        let texts: [(phone: String, text: String, at: TimeInterval)] = [
            ("+22376000001", "Q1 B", 0), ("+22376000002", "Q1 B", 1), ("+22376000003", "Q1 C", 2), ("+22376000003", "Q2 A", 3),
            ("+22376000002", "Q2 A", 5), ("+22376000001", "Q2 A", 10), ("+22376000001", "Q3 A", 11),
        ]
        try await app.test(.router) { client in
            for (index, sent) in texts.enumerated() {
                clock.withLock { $0 = start + sent.at }
                let body = FormEncoding.encode([("from", sent.phone), ("to", "384"), ("text", sent.text), ("id", "r\(index)")])
                try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { _ in }
            }
            try await answered(database)
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026", method: .get, headers: host) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(!body.contains("76000001") && !body.contains("+22376"), "no whole number reaches a host")
                let results = try decodeResults(Data(body.utf8))
                #expect(results.participants == 3)
                let q1 = results.questions[0]
                #expect(q1.state == .open && q1.answers == 3 && q1.rightShare == 67)
                #expect(q1.choices.map { "\($0.letter) \($0.answers) \($0.share)% \($0.right)" } == ["A 0 0% false", "B 2 67% true", "C 1 33% false"])
                #expect(results.questions[2].state == .waiting && results.questions[2].late == 1 && results.questions[2].answers == 0)
                #expect(results.leaders.map(\.phone) == ["+223 7• •• •• 02", "+223 7• •• •• 01", "+223 7• •• •• 03"])
                #expect(results.leaders.map(\.score) == [2, 2, 1])
            }
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/questions/2/close", method: .post, headers: official) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/questions/2/close", method: .post, headers: host) { response in
                let results = try decodeResults(Data(buffer: response.body))
                #expect(results.questions[1].state == .closed)
            }
            try await client.execute(uri: "/api/v1/quizzes/nope/questions/2/open", method: .post, headers: host) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .notFound && answer["reason"] as? String == "there is no quiz 'nope'")
            }
        }
    }

    @Test func csvsAreMaskedForHostsWholeForTheCampaignAndAnswersAreCounted() async throws {
        let database = try AppDatabase.inMemory()
        try await openShippedQuiz(database)
        let host = try await apiHeaders(database, .host)
        let campaign = try await apiHeaders(database, .campaign)
        let metrics = TamaMetrics()
        try await makeApplication(database: database, metrics: metrics).test(.router) { client in
            for (index, text) in ["Q1 B", "Q2 =cmd", "Q2 C"].enumerated() {
                let body = FormEncoding.encode([("from", "+22376000001"), ("to", "384"), ("text", text), ("id", "c\(index)")])
                try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { _ in }
            }
            try await answered(database)
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/answers.csv", method: .get, headers: host) { response in
                #expect(
                    String(buffer: response.body)
                        .hasPrefix("phone,question,choice,correct,points,late,channel,answered_at\r\n+223 7• •• •• 01,q1,B,yes,1,no,sms,")
                )
            }
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/leaderboard.csv", method: .get, headers: campaign) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 2 && lines[1].hasPrefix("1,+22376000001,1,"))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"tama_quiz_answers_total{quiz="civisme-2026",outcome="counted"} 2"#))
            }
        }
        #expect(try await database.auditLog(limit: 1).first?.action == "quiz.export")
    }

    @Test(arguments: [("+22376123456", "+223 7• •• •• 56"), ("+2237612345", "+223 7 •• •• 45"), ("+33612345678", PhoneNumber("+33612345678")!.masked)])
    func numbersAreMaskedForTheAir(_ phone: String, _ masked: String) {
        #expect(PhoneNumber(phone)!.maskedForAir(country: "223") == masked)
    }
}

/// A radio host runs the quiz from her phone: registered numbers only.
@Suite struct QuizHostTests {

    private func lastReply(_ database: AppDatabase, to phone: String) async throws -> String? {
        try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT text FROM outboundMessage WHERE recipient = ? ORDER BY id DESC LIMIT 1", arguments: [phone])
        }
    }

    @Test func aHostOpensClosesAndReadsResultsBySMSAndAnyoneElseIsRefused() async throws {
        let database = try AppDatabase.inMemory()
        let campaign = try await apiHeaders(database, .campaign)
        let host = "+22366000001"
        try await makeApplication(database: database).test(.router) { client in
            let body = #"{"phone": "66000001", "name": "Awa, Radio Rurale", "campaign": "engageons-nous"}"#
            try await client.execute(uri: "/api/v1/hosts", method: .post, headers: campaign, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
            }
            // A listener tries the host's words: refused, nothing changes.
            try await client.sms(from: "+22376000009", "OUVRIR 2", id: "x1")
            #expect(try await lastReply(database, to: "+22376000009") == "Ce numero n'est pas enregistre comme animateur de quiz: rien n'a change.")
            #expect(try await database.quizStates() == QuizStates())

            try await client.sms(from: host, "ouvrir 2", id: "h1")
            #expect(try await lastReply(database, to: host) == "Quiz civique #EngageonsNous: question 2 ouverte, les reponses comptent. FERMER 2 pour fermer.")
            try await client.sms(from: "+22376000001", "B", id: "l1")
            try await client.sms(from: "+22376000002", "Q2 A", id: "l2")
            try await client.sms(from: "+22376000003", "2a", id: "l3")
            try await client.sms(from: host, "FERMER 2", id: "h2")
            #expect(try await database.quizStates() == QuizStates(["civisme-2026/q2": .closed]))
            try await client.sms(from: host, "RESULTATS 2", id: "h3")
            #expect(
                try await lastReply(database, to: host)
                    == "Quiz civique #EngageonsNous Q2 (fermee): 3 reponses. A 67%, B 33%, C 0%. Bonne reponse A: 67%."
            )
            try await client.sms(from: host, "Results", id: "h4")
            #expect(try await lastReply(database, to: host) == "Quiz civique #EngageonsNous: 3 participants. Q1 en attente, Q2 67% juste, Q3 en attente.")
            try await client.sms(from: host, "OPEN 9", id: "h5")
            #expect(try await lastReply(database, to: host) == "Quiz civique #EngageonsNous: pas de question '9', il y en a 1 a 3. Ex.: OUVRIR 2")
        }
        #expect(try await database.auditLog(limit: 10).contains { $0.action == "quiz.open" && $0.actor.hasPrefix("host +22366") })
        for reply in try await database.reader.read({ db in try String.fetchAll(db, sql: "SELECT text FROM outboundMessage") }) {
            #expect(!reply.contains("7600000"), "no listener's number in what a host reads")
        }
    }

    /// The responder reads the questions' states once per batch: a host's command in the
    /// middle of one must still change how every answer after it counts.
    @Test func aHostsCommandCountsForTheAnswersAfterItInTheSameBatch() async throws {
        let database = try AppDatabase.inMemory()
        let host = PhoneNumber("+22366000001")!
        try await database.addHost(host, name: "Awa", for: .campaign("engageons-nous"), actor: "test", role: nil, at: Date())
        let texts = [("+22376000001", "2a"), (host.e164, "OUVRIR 2"), ("+22376000002", "2a"), (host.e164, "FERMER 2"), ("+22376000003", "2b")]
        for (number, (phone, text)) in texts.enumerated() {
            let sms = InboundSMS(route: "africastalking", externalId: "b\(number)", phone: PhoneNumber(phone)!, recipient: "384", text: text, network: nil)
            #expect(try await database.accept(sms, at: Date()) != .duplicate)
        }
        let responder = SMSResponder(catalog: shippedCatalog)
        let responded = try await database.respondToAccepted(limit: 100, replyTTL: 3600, replyRoute: { $0 }) { sms, context in
            responder.respond(to: sms.text, context: context)
        }
        #expect(responded.count == 5)
        let answers = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT s.phone, a.late FROM quizAnswer a JOIN subscriber s ON s.id = a.subscriberId ORDER BY a.id")
                .map { "\($0[0] as String) \($0[1] as Bool ? "late" : "counted")" }
        }
        #expect(answers == ["+22376000001 late", "+22376000002 counted", "+22376000003 late"])
    }

    @Test func hostsAreRegisteredAndRemovedFromTheCommandLine() async throws {
        let folder = try TemporaryDatabase()
        _ = try folder.open()
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        func run(_ arguments: [String], _ name: String) throws -> (Int32, String) {
            let log = folder.folder.appendingPathComponent(name)
            let process = try startProcess(tama, ["hosts"] + arguments + ["--database", folder.path], log: log)
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
        }
        #expect(try run(["add", "66 00 00 02", "--name", "Moussa", "--quiz", "civisme-2026"], "add.out").0 == 0)
        #expect(try run(["list"], "list.out") == (0, "+22366000002\tMoussa\tquiz civisme-2026\n"))
        #expect(try run(["add", "66000002", "--name", "Moussa"], "bad.out").0 != 0, "--quiz or --campaign")
        #expect(try run(["remove", "66000002"], "remove.out").0 == 0)
        #expect(try run(["remove", "66000002"], "again.out").0 != 0)
    }
}

/// A draw anyone can check: the list and the seed's hash are fixed before the winners are
/// drawn, and the published text alone recomputes them.
@Suite struct QuizDrawTests {
    @Test func theSameSeedAndListAlwaysGiveTheSameWinnersAndAnyChangeShows() throws {
        let list = (1...7).map { "+223 7• •• •• \(String(format: "%02d", $0))" }
        let listHash = DrawProof.sha256(DrawProof.list(list))
        let seed = String(repeating: "ab", count: 32)
        let winners = DrawProof.winners(seed: seed, listHash: listHash, size: list.count, count: 3)
        #expect(winners == DrawProof.winners(seed: seed, listHash: listHash, size: list.count, count: 3))
        #expect(Set(winners).count == 3 && winners.allSatisfy { (1...7).contains($0) })
        let draw = PublishedDraw(
            id: 1, quiz: "q", among: "all-correct", count: 3, listHash: listHash, seedHash: DrawProof.sha256(seed), seed: seed, winners: winners, list: list
        )
        #expect(PublishedDraw(text: draw.text) == draw && draw.problems().isEmpty)
        var changed = draw
        changed.list[2] = "+223 7• •• •• 99"
        #expect(changed.problems().first?.hasPrefix("the list's SHA-256 is") == true)
        var otherSeed = draw
        otherSeed.seed = String(repeating: "cd", count: 32)
        #expect(otherSeed.problems().first == "the seed's SHA-256 is not the \(draw.seedHash) published before the draw")
    }

    @Test func aDrawAmongThoseAllRightTellsTheWinnersAndOnlyTheCampaignSeesTheirNumbers() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        try await openShippedQuiz(database)
        try await database.addHost(PhoneNumber("+22366000001")!, name: "Awa", for: .campaign("engageons-nous"), actor: "test", role: nil, at: Date())
        let campaign = try await apiHeaders(database, .campaign)
        let host = try await apiHeaders(database, .host)
        // Listeners 1 to 4 answer B, A, A (all right); 5 gets one wrong; the host plays too.
        let answers = [("+22376000001", "BAA"), ("+22376000002", "BAA"), ("+22376000003", "BAA"), ("+22376000004", "BAA"), ("+22376000005", "BAC"), ("+22366000001", "BAA")]
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            for (phone, letters) in answers {
                for (index, letter) in letters.enumerated() {
                    let body = FormEncoding.encode([("from", phone), ("to", "384"), ("text", "Q\(index + 1) \(letter)"), ("id", "\(phone)-\(index)")])
                    try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { _ in }
                }
            }
            try await answered(database)
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/draws", method: .post, headers: host, body: ByteBuffer(string: #"{"among": "all-correct", "count": 2}"#)) {
                response in
                #expect(response.status == .created)
                let text = try jsonObject(response)["text"] as? String ?? ""
                let draw = try #require(PublishedDraw(text: text))
                #expect(draw.list == (1...4).map { "+223 7• •• •• 0\($0)" }, "the four all right, first contact first, the host left out")
                #expect(draw.problems().isEmpty && draw.winners.count == 2)
                #expect(!text.contains("+22376"))
                try text.write(to: folder.folder.appendingPathComponent("draw.txt"), atomically: true, encoding: .utf8)
            }
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/draws/1/winners", method: .get, headers: host) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/draws/1/winners", method: .get, headers: campaign) { response in
                let phones = try jsonObject(response)["phones"] as? [String] ?? []
                #expect(phones.count == 2 && phones.allSatisfy { $0.hasPrefix("+2237600000") })
            }
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/draws", method: .post, headers: host, body: ByteBuffer(string: #"{"among": "all-correct", "count": 0}"#)) {
                response in
                #expect(response.status == .badRequest)
            }
        }
        let told = try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE kind = 'notification' AND text LIKE 'Bravo!%'")!
        }
        #expect(told == 2)
        let actions = try await database.auditLog(limit: 5).map(\.action)
        #expect(actions.contains("quiz.draw") && actions.contains("quiz.draw.reveal") && actions.first == "quiz.draw.winners")

        // Anyone can check the published text; a changed list fails.
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        func verify(_ file: String) throws -> (Int32, String) {
            let log = folder.folder.appendingPathComponent(file + ".out")
            let process = try startProcess(tama, ["quiz", "verify-draw", folder.folder.appendingPathComponent(file).path], log: log)
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
        }
        let (status, output) = try verify("draw.txt")
        #expect(status == 0 && output.hasPrefix("✓ draw 1: the list and the seed match"))
        let changed = try String(contentsOf: folder.folder.appendingPathComponent("draw.txt"), encoding: .utf8).replacingOccurrences(of: "4 +223 7• •• •• 04", with: "4 +223 7• •• •• 05")
        try changed.write(to: folder.folder.appendingPathComponent("changed.txt"), atomically: true, encoding: .utf8)
        let (changedStatus, changedOutput) = try verify("changed.txt")
        #expect(changedStatus != 0 && changedOutput.contains("the list's SHA-256 is"))
    }

    @Test func aDrawWithNobodyEligibleIsRefusedAndChangesNothing() async throws {
        let database = try AppDatabase.inMemory()
        let host = try await apiHeaders(database, .host)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            try await client.execute(uri: "/api/v1/quizzes/civisme-2026/draws", method: .post, headers: host, body: ByteBuffer(string: #"{"among": "participants"}"#)) {
                response in
                let answer = try jsonObject(response)
                #expect(response.status == .conflict)
                #expect(answer["reason"] as? String == "nobody is eligible for a draw of quiz 'civisme-2026' among participants; nothing was drawn")
            }
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM quizDraw") == 0)
    }
}

/// When a question closes, each participant is told the answer and their score, once.
@Suite struct QuizAnnouncementTests {
    @Test func closingAQuestionTellsItsParticipantsTheAnswerAndTheirScoreOnce() async throws {
        let database = try AppDatabase.inMemory()
        try await openShippedQuiz(database)
        let host = try await apiHeaders(database, .host)
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            let texts = [("+22376000001", "Q1 B"), ("+22376000001", "Q2 A"), ("+22376000002", "Q1 C"), ("+22376000003", "Q1 B"), ("+22376000003", "STOP")]
            for (index, (phone, text)) in texts.enumerated() {
                let body = FormEncoding.encode([("from", phone), ("to", "384"), ("text", text), ("id", "a\(index)")])
                try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { _ in }
            }
            try await answered(database)
            for action in ["close", "open", "close"] {
                try await client.execute(uri: "/api/v1/quizzes/civisme-2026/questions/1/\(action)", method: .post, headers: host) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        let told = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT recipient, text, parts FROM outboundMessage WHERE kind = 'notification' ORDER BY recipient").map {
                "\($0[0] as String) \($0[1] as String)"
            }
        }
        #expect(
            told == [
                "+22376000001 Quiz #EngageonsNous: a la question Q1, la bonne reponse etait B (18 ans). Votre score: 2 point(s). Merci!",
                "+22376000002 Quiz #EngageonsNous: a la question Q1, la bonne reponse etait B (18 ans). Votre score: 0 point(s). Merci!",
            ]
        )
    }
}
