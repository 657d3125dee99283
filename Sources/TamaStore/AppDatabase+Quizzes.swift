import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Records a host's command on a question, with its audit line; closing it with an
    /// `announcement` queues it on `route` to the question's participants.
    public func setState(
        _ state: QuestionState, of question: String, in quiz: String, announcing announcement: QuizAnnouncement? = nil, route: String? = nil,
        actor: String, role: Role?, at now: Date
    ) async throws {
        try await write { db in
            try Self.setState(state, of: question, in: quiz, announcing: announcement, route: route, actor: actor, role: role, at: DatabaseTimestamp.text(now), in: db)
        }
    }

    /// Every way a question changes state goes through here: the command line, the API,
    /// the results page, a host's SMS.
    static func setState(
        _ state: QuestionState, of question: String, in quiz: String, announcing announcement: QuizAnnouncement?, route: String?, actor: String,
        role: Role?, at timestamp: String, in db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO quizQuestion (quiz, question, state, changedAt, changedBy) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (quiz, question) DO UPDATE SET state = excluded.state, changedAt = excluded.changedAt, changedBy = excluded.changedBy
                """,
            arguments: [quiz, question, state.rawValue, timestamp, actor]
        )
        try audit(actor: actor, role: role, action: "quiz.\(state.rawValue)", target: "quiz \(quiz) \(question)", detail: nil, at: timestamp, in: db)
        guard state == .closed, let announcement, let route else { return }
        try announce(announcement, question: question, of: quiz, route: route, at: timestamp, in: db)
    }

    /// Queues the closed question's answer to each of its participants (not to a number
    /// that sent STOP), their score filled in, once per question. SQLite writes the rows
    /// itself (INSERT … SELECT), as a broadcast's fan-out does: a radio show has tens of
    /// thousands of participants.
    static func announce(_ announcement: QuizAnnouncement, question: String, of quiz: String, route: String, at timestamp: String, in db: Database) throws {
        try db.execute(
            sql: "UPDATE quizQuestion SET announcedAt = ? WHERE quiz = ? AND question = ? AND announcedAt IS NULL", arguments: [timestamp, quiz, question]
        )
        guard db.changesCount > 0 else { return }
        let languages = announcement.texts.keys.sorted()
        var text = "CASE IFNULL(s.language, ?)"
        var encoding = "CASE IFNULL(s.language, ?)"
        var parts = "CASE IFNULL(s.language, ?)"
        var textArguments: StatementArguments = [announcement.fallback.rawValue]
        var encodingArguments: StatementArguments = [announcement.fallback.rawValue]
        var partArguments: StatementArguments = [announcement.fallback.rawValue]
        for language in languages {
            let template = announcement.texts[language]!
            // Measured with the longest score a quiz gives, so parts are never too few.
            let measured = SMSText(template.replacingOccurrences(of: "{score}", with: "999"))
            text += " WHEN ? THEN ?"
            textArguments += [language.rawValue, template]
            encoding += " WHEN ? THEN ?"
            encodingArguments += [language.rawValue, measured.encoding.rawValue]
            parts += " WHEN ? THEN ?"
            partArguments += [language.rawValue, measured.partCount]
        }
        let fallback = announcement.texts[announcement.fallback] ?? ""
        let fallbackSMS = SMSText(fallback.replacingOccurrences(of: "{score}", with: "999"))
        text += " ELSE ? END"
        textArguments += [fallback]
        encoding += " ELSE ? END"
        encodingArguments += [fallbackSMS.encoding.rawValue]
        parts += " ELSE ? END"
        partArguments += [fallbackSMS.partCount]
        try db.execute(
            sql: """
                INSERT INTO outboundMessage
                    (recipient, text, encoding, parts, route, priority, kind, status, nextAttemptAt, createdAt, expiresAt, updatedAt)
                SELECT s.phone,
                    REPLACE(\(text), '{score}', (SELECT q.score FROM quizScore q WHERE q.quiz = a.quiz AND q.subscriberId = a.subscriberId)),
                    \(encoding), \(parts), ?, ?, 'notification', 'queued', ?, ?, strftime('%Y-%m-%d %H:%M:%f', ?, '+1 day'), ?
                FROM quizAnswer a JOIN subscriber s ON s.id = a.subscriberId
                WHERE a.quiz = ? AND a.question = ? AND a.late = 0 AND s.optedOutAt IS NULL
                """,
            arguments: textArguments + encodingArguments + partArguments
                + [route, MessageKind.notification.priority, timestamp, timestamp, timestamp, timestamp, quiz, question]
        )
    }

    /// The hosts' commands on every question.
    public func quizStates() async throws -> QuizStates {
        try await reader.read { db in try Self.quizStates(in: db) }
    }

    /// A handful of rows, one per question a host moved; the writer keeps them (``WriterCache``).
    static func quizStates(in db: Database) throws -> QuizStates {
        var states: [String: QuestionState] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT quiz, question, state FROM quizQuestion")) {
            states["\(row[0] as String)/\(row[1] as String)"] = QuestionState(rawValue: row[2])
        }
        return QuizStates(states)
    }

    /// The questions a subscriber's answer counts for, as `quiz/question`.
    static func answeredQuestions(of subscriber: Int64?, in db: Database) throws -> Set<String> {
        guard let subscriber else { return [] }
        return Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT quiz || '/' || question FROM quizAnswer WHERE subscriberId = ? AND late = 0"), arguments: [subscriber]
            )
        )
    }
}

extension AppDatabase {
    /// What quiz `quiz` has gathered: participants, answers in time per question and
    /// letter, late ones per question, and the `leaders` best scores. A tie goes to whoever
    /// reached the score first.
    public func quizCounts(_ quiz: String, leaders: Int) async throws -> QuizResults.Counts {
        try await reader.read { db in try Self.quizCounts(quiz, leaders: leaders, in: db) }
    }

    static func quizCounts(_ quiz: String, leaders: Int, in db: Database) throws -> QuizResults.Counts {
            var answers: [String: [String: Int]] = [:]
            var late: [String: Int] = [:]
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT question, late, choice, SUM(answers) FROM quizTally WHERE quiz = ? GROUP BY question, late, choice"),
                arguments: [quiz]
            ) {
                if row[1] as Bool {
                    late[row[0], default: 0] += row[3] as Int
                } else {
                    answers[row[0], default: [:]][row[2]] = row[3]
                }
            }
            let participants = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM quizScore WHERE quiz = ?"), arguments: [quiz])!
            let best = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT s.phone, q.score, q.reachedAt FROM quizScore q JOIN subscriber s ON s.id = q.subscriberId
                        WHERE q.quiz = ? ORDER BY q.score DESC, q.reachedAt, q.subscriberId LIMIT ?
                        """
                ),
                arguments: [quiz, leaders]
            ).compactMap { row in
                PhoneNumber(row["phone"] as String).map { (phone: $0, score: row["score"] as Int, reachedAt: row["reachedAt"] as Date) }
            }
            let communes = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT commune, SUM(answers) AS answers, SUM(correct) AS right FROM quizTally
                        WHERE quiz = ? AND late = 0 GROUP BY commune ORDER BY answers DESC, commune
                        """
                ),
                arguments: [quiz]
            ).map { (name: $0["commune"] as String, answers: $0["answers"] as Int, right: $0["right"] as Int) }
            return QuizResults.Counts(participants: participants, answers: answers, late: late, leaders: best, communes: communes)
    }
}

extension AppDatabase {
    /// The best scores summed over `quizzes` (a campaign's season), a tie to whoever
    /// reached theirs first.
    public func seasonLeaders(_ quizzes: [String], limit: Int) async throws -> [(phone: PhoneNumber, score: Int, reachedAt: Date)] {
        guard !quizzes.isEmpty else { return [] }
        return try await reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.phone, SUM(q.score) AS score,
                        IFNULL(MAX(CASE WHEN q.score > 0 THEN q.reachedAt END), MIN(q.reachedAt)) AS reachedAt
                    FROM quizScore q JOIN subscriber s ON s.id = q.subscriberId
                    WHERE q.quiz IN (\(Array(repeating: "?", count: quizzes.count).joined(separator: ", ")))
                    GROUP BY q.subscriberId ORDER BY score DESC, reachedAt, q.subscriberId LIMIT ?
                    """,
                arguments: StatementArguments(quizzes) + [limit]
            ).compactMap { row in
                PhoneNumber(row["phone"] as String).map { (phone: $0, score: row["score"] as Int, reachedAt: row["reachedAt"] as Date) }
            }
        }
    }

    /// A radio host as registered.
    public struct Host: Sendable, Equatable, Codable {
        public var phone: String
        public var name: String
        public var quiz: String?
        public var campaign: String?
    }

    /// Registers `phone` as a host of `scope`, with its audit line; registering it again
    /// renames it.
    public func addHost(_ phone: PhoneNumber, name: String, for scope: HostScope, actor: String, role: Role?, at now: Date) async throws {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let (quiz, campaign) = switch scope {
            case .quiz(let quiz): (quiz, "")
            case .campaign(let campaign): ("", campaign)
            }
            try db.execute(
                sql: """
                    INSERT INTO quizHost (phone, name, quiz, campaign, addedAt) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (phone, quiz, campaign) DO UPDATE SET name = excluded.name
                    """,
                arguments: [phone.e164, name, quiz, campaign, timestamp]
            )
            try Self.audit(
                actor: actor, role: role, action: "host.add", target: "host \(phone.masked)", detail: ["name": name, "for": quiz + campaign],
                at: timestamp, in: db
            )
        }
    }

    /// Unregisters `phone` everywhere; false when it was no host.
    @discardableResult
    public func removeHost(_ phone: PhoneNumber, actor: String, role: Role?, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM quizHost WHERE phone = ?", arguments: [phone.e164])
            guard db.changesCount > 0 else { return false }
            try Self.audit(actor: actor, role: role, action: "host.remove", target: "host \(phone.masked)", detail: nil, at: DatabaseTimestamp.text(now), in: db)
            return true
        }
    }

    public func hosts() async throws -> [Host] {
        try await reader.read { db in
            try Row.fetchAll(db, sql: "SELECT phone, name, NULLIF(quiz, '') AS quiz, NULLIF(campaign, '') AS campaign FROM quizHost ORDER BY name, phone").map {
                Host(phone: $0["phone"], name: $0["name"], quiz: $0["quiz"], campaign: $0["campaign"])
            }
        }
    }

    static func hostScopes(of phone: PhoneNumber, in db: Database) throws -> Set<HostScope> {
        Set(
            try Row.fetchAll(db.cachedStatement(sql: "SELECT quiz, campaign FROM quizHost WHERE phone = ?"), arguments: [phone.e164]).map { row in
                (row["quiz"] as String).isEmpty ? HostScope.campaign(row["campaign"]) : HostScope.quiz(row["quiz"])
            }
        )
    }
}

extension AppDatabase {
    /// Quiz `quiz`'s answers as CSV lines, header first, each number written by `phone`
    /// (masked for hosts, whole for the campaign team).
    public func quizAnswersReport(_ quiz: String, phone: @Sendable (PhoneNumber) -> String) async throws -> [String] {
        try await reader.read { db in
            let csv = CSVReader(separator: ",")
            var lines = [csv.line(["phone", "question", "choice", "correct", "points", "late", "channel", "answered_at"])]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.phone, a.question, a.choice, a.correct, a.points, a.late, a.channel, a.answeredAt
                    FROM quizAnswer a JOIN subscriber s ON s.id = a.subscriberId WHERE a.quiz = ? ORDER BY a.id
                    """,
                arguments: [quiz]
            )
            while let row = try rows.next() {
                lines.append(
                    csv.line([
                        PhoneNumber(row[0] as String).map(phone) ?? "", row[1], row[2], (row[3] as Bool) ? "yes" : "no", String(row[4] as Int),
                        (row[5] as Bool) ? "yes" : "no", row[6], String((row[7] as String).prefix(19)),
                    ])
                )
            }
            return lines
        }
    }

    /// Everyone's score in quiz `quiz`, best first (a tie to the earlier), as CSV lines.
    public func quizLeaderboardReport(_ quiz: String, phone: @Sendable (PhoneNumber) -> String) async throws -> [String] {
        let everyone = try await reader.read { db in try Self.quizCounts(quiz, leaders: Int.max, in: db).leaders }
        let csv = CSVReader(separator: ",")
        return [csv.line(["rank", "phone", "score", "reached_at"])]
            + everyone.enumerated().map { index, leader in
                csv.line([String(index + 1), phone(leader.phone), String(leader.score), DatabaseTimestamp.text(leader.reachedAt).prefix(19).description])
            }
    }
}
