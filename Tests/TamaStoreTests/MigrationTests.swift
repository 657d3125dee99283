import Foundation
import GRDB
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

@Suite struct MigrationTests {
    /// Every index costs each write to its table: one whose columns begin another's,
    /// under the same condition, serves no lookup the other does not, and costs each
    /// write for nothing (v10 left two identical ones on quiz answers; v2 one on a
    /// subscription's subscriber, which its unique key already begins with).
    @Test func noIndexRepeatsTheStartOfAnother() async throws {
        let database = try AppDatabase.inMemory()
        // Each index: its table, its name, its columns in order and its condition.
        let indexes = try await database.reader.read { db in
            try Row.fetchAll(
                db, sql: "SELECT tbl_name, name, CASE WHEN instr(sql, ' WHERE ') > 0 THEN substr(sql, instr(sql, ' WHERE ')) ELSE '' END FROM sqlite_master WHERE type = 'index'"
            ).map { row in
                (table: row[0] as String, name: row[1] as String, condition: row[2] as String,
                 columns: try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [row[1]]))
            }
        }
        #expect(indexes.count > 10)
        for index in indexes {
            for other in indexes where other.name != index.name && other.table == index.table && other.condition == index.condition {
                #expect(!other.columns.starts(with: index.columns), "\(index.name) \(index.columns) begins \(other.name) \(other.columns)")
            }
        }
    }

    /// A database that ran v5 with a broadcast half fanned out: v6 keeps every queued
    /// row, and the rest of the audience gets its text from the new variant table.
    @Test func v6KeepsTheQueueAndFinishesABroadcastStartedBeforeIt() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v5: broadcasts")
        try await queue.write { db in
            for (n, language) in ["fr", "bm", "bm"].enumerated() {
                try db.execute(
                    sql: "INSERT INTO subscriber (phone, language, createdAt, updatedAt) VALUES (?, ?, '2026-11-21 10:00:00.000', '2026-11-21 10:00:00.000')",
                    arguments: ["+2237600000\(n)", language]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO broadcast (name, campaign, audience, texts, fallback, route, status, scheduledAt, cursor, queued, createdBy, createdAt, updatedAt)
                    VALUES ('Réunion', 'c', '{"communes":[],"languages":[],"tags":[]}', '{"fr":"Réunion samedi","bm":"Ɲɔgɔnye"}', 'fr', 'at',
                        'fanning_out', '2026-11-21 10:00:00.000', 1, 1, 'test', '2026-11-21 10:00:00.000', '2026-11-21 10:00:00.000')
                    """
            )
            try db.execute(
                sql: """
                    INSERT INTO outboundMessage (recipient, text, encoding, parts, route, priority, kind, status, nextAttemptAt, broadcastId, createdAt, expiresAt, updatedAt)
                    VALUES ('+22376000000', 'Réunion samedi', 'gsm7', 1, 'at', 2, 'broadcast', 'queued', '2026-11-21 10:00:00.000', 1,
                        '2026-11-21 10:00:00.000', '2100-01-01 00:00:00.000', '2026-11-21 10:00:00.000')
                    """
            )
        }
        let database = try AppDatabase(queue)
        #expect(try await database.broadcast(id: 1)?.texts == ["fr": "Réunion samedi", "bm": "Ɲɔgɔnye"])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        while try await database.fanOut(broadcast: 1, batch: 10, ttl: 3_600, at: now) > 0 {}
        let claimed = try await database.claimDue(route: "at", limit: 10, now: now, lease: 60, quietHours: false, dayStart: now)
        #expect(claimed.map(\.recipient) == ["+22376000000", "+22376000001", "+22376000002"])
        #expect(claimed.map(\.text) == ["Réunion samedi", "Ɲɔgɔnye", "Ɲɔgɔnye"])
        // The rebuilt table still refuses a status that does not exist.
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { try $0.execute(sql: "UPDATE outboundMessage SET status = 'lost' WHERE id = 1") }
        }
    }

    /// Questions asked before v9: their asker moves to `questionAsker`, a signed one keeps
    /// its number as `signedBy`, the SMS that asked keeps only the reference, and finished
    /// sessions forget what was typed.
    @Test func v9MovesWhoAskedApartAndForgetsWhatFinishedSessionsHeld() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v8: console sessions")
        let at = "'2026-11-21 10:00:00.000'"
        try await queue.write { db in
            for n in 1...2 {
                try db.execute(sql: "INSERT INTO subscriber (phone, createdAt, updatedAt) VALUES ('+2237600000\(n)', \(at), \(at))")
            }
            try db.execute(
                sql: """
                    INSERT INTO citizenQuestion (id, subscriberId, commune, topic, text, anonymous, channel, askedAt) VALUES
                        (1, 1, '', 'sms', 'Le forage?', 1, 'sms', \(at)), (2, 2, 'diema', 'eau', 'Signée', 0, 'ussd', \(at))
                    """
            )
            try db.execute(
                sql: """
                    INSERT INTO inboundMessage (aggregator, externalId, phone, recipient, text, status, receivedAt)
                    VALUES ('at', 'm1', '+22376000001', '384', 'Q Le forage?', 'handled', \(at))
                    """
            )
            try db.execute(
                sql: """
                    INSERT INTO ussdSession (aggregator, externalId, phone, serviceCode, service, language, screen, page, history, variables,
                        lastText, reply, ended, hops, createdAt, updatedAt)
                    VALUES ('at', 'S', '+22376000002', '*1#', 'x', 'fr', 'asked', 0, '', '{"question":"Signée"}', '1*3*Signée', 'Merci', 1, 4, \(at), \(at))
                    """
            )
        }
        let database = try AppDatabase(queue)
        let (askers, signatures, inbound, session) = try await database.reader.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT questionId, subscriberId FROM questionAsker ORDER BY questionId").map { [$0[0], $0[1]] as [Int64] },
                try String.fetchAll(db, sql: "SELECT IFNULL(signedBy, '-') FROM citizenQuestion ORDER BY id"),
                try String.fetchOne(db, sql: "SELECT text FROM inboundMessage"),
                try Row.fetchOne(db, sql: "SELECT variables, lastText FROM ussdSession").map { [$0[0] as String?, $0[1] as String?] }
            )
        }
        #expect(askers == [[1, 1], [2, 2]])
        #expect(signatures == ["-", "+22376000002"])
        #expect(inbound == "[question 1]")
        #expect(session == [nil, ""])
    }

    /// A session open across the upgrade to v19 keeps its variables: the caller halfway
    /// through a question goes on where they were.
    @Test func v19KeepsTheVariablesOfAnOpenSession() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v18: one index on a quiz answer's subscriber, not two")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ussdSession (aggregator, externalId, phone, serviceCode, service, language, screen, page, history, variables,
                        lastText, reply, ended, hops, createdAt, updatedAt)
                    VALUES ('at', 'S', '+22376000002', '*1#', 'x', 'fr', 'text', 0, 'home', '{"commune":"diéma","quizQuestion":"q1"}',
                        '3*1', 'Votre question ?', 0, 2, '2026-11-21 10:00:00.000', '2026-11-21 10:00:00.000')
                    """
            )
        }
        let database = try AppDatabase(queue)
        let text = try await database.reader.read { db in try String.fetchOne(db, sql: "SELECT variables FROM ussdSession") }
        #expect(text == "7:commune6:diéma12:quizQuestion2:q1")
        #expect(try StoredSession.variables(from: #require(text)) == ["commune": "diéma", "quizQuestion": "q1"])
    }

    /// Answers given before v10 stay, counted (not late); a late one given after does not
    /// take the place of the answer that will count.
    @Test func v10KeepsEarlierAnswersAndLetsLateOnesStandAside() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v9: anonymous questions keep their asker apart; erasure on request")
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO subscriber (phone, createdAt, updatedAt) VALUES ('+22376000001', '2026-11-21 10:00:00.000', '2026-11-21 10:00:00.000')")
            try db.execute(
                sql: "INSERT INTO quizAnswer (subscriberId, quiz, question, choice, channel, answeredAt) VALUES (1, 'c', 'q1', 'B', 'sms', '2026-11-21 10:00:00.000')"
            )
        }
        let database = try AppDatabase(queue)
        let sms = { (id: String, late: Bool) in
            InboundSMS(route: "at", externalId: id, phone: PhoneNumber("+22376000001")!, recipient: "384", text: late ? "late" : "again")
        }
        for (id, late) in [("m1", true), ("m2", false), ("m3", false)] {
            let answer = QuizAnswer(quiz: "c", question: "q2", choice: "A", correct: true, points: late ? 0 : 1, late: late)
            _ = try await database.receive(sms(id, late), at: Date(), replyTTL: 60) { _ in SMSOutcome(service: "x", effects: [.answerQuiz(answer)]) }
        }
        let rows = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT question, late, points FROM quizAnswer ORDER BY id").map { "\($0[0] as String) late=\($0[1] as Bool) \($0[2] as Int)" }
        }
        #expect(rows == ["q1 late=false 0", "q2 late=true 0", "q2 late=false 1"])
    }

    /// Results read tallies from v13 on: answers given before it are in them, with the
    /// scores, communes and late ones as counting the answers gave, and new ones add to them.
    @Test func v13TalliesTheAnswersGivenBeforeIt() async throws {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v12: quiz draws")
        try await queue.write { db in
            for (phone, commune) in [("+22376000001", "'kayes'"), ("+22376000002", "NULL")] {
                try db.execute(
                    sql: "INSERT INTO subscriber (phone, commune, createdAt, updatedAt) VALUES (?, \(commune), '2026-11-21 10:00:00.000', '2026-11-21 10:00:00.000')",
                    arguments: [phone]
                )
            }
            for (subscriber, question, choice, correct, late, at) in [
                (1, "q1", "B", 1, 0, "10:00:01"), (1, "q2", "A", 0, 0, "10:00:05"), (2, "q1", "B", 1, 0, "10:00:02"),
                (2, "q2", "C", 1, 0, "10:00:03"), (2, "q3", "A", 0, 1, "10:00:04"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO quizAnswer (subscriberId, quiz, question, choice, correct, points, late, channel, answeredAt)
                        VALUES (?, 'c', ?, ?, ?, ?, ?, 'sms', ?)
                        """,
                    arguments: [subscriber, question, choice, correct, correct, late, "2026-11-21 " + at + ".000"]
                )
            }
        }
        let database = try AppDatabase(queue)
        let before = try await database.quizCounts("c", leaders: 5)
        #expect(before.participants == 2)
        #expect(before.answers == ["q1": ["B": 2], "q2": ["A": 1, "C": 1]])
        #expect(before.late == ["q3": 1])
        #expect(before.leaders.map { "\($0.phone.e164) \($0.score)" } == ["+22376000002 2", "+22376000001 1"])
        #expect(before.communes.map { "\($0.name) \($0.answers) \($0.right)" } == [" 2 2", "kayes 2 1"])

        let answer = QuizAnswer(quiz: "c", question: "q3", choice: "B", correct: true, points: 1, late: false)
        let sms = InboundSMS(route: "at", externalId: "m1", phone: PhoneNumber("+22376000001")!, recipient: "384", text: "3B")
        _ = try await database.receive(sms, at: Date(), replyTTL: 60) { _ in SMSOutcome(service: "x", effects: [.answerQuiz(answer)]) }
        let after = try await database.quizCounts("c", leaders: 5)
        #expect(after.answers["q3"] == ["B": 1])
        #expect(after.leaders.map { "\($0.phone.e164) \($0.score)" } == ["+22376000002 2", "+22376000001 2"])
        #expect(after.communes.map { "\($0.name) \($0.answers) \($0.right)" } == ["kayes 3 2", " 2 2"])
    }
}
