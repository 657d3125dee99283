import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// How long an official's notice or a relayed answer is worth sending.
    static let questionMessageLifetime: TimeInterval = 7 * 86_400

    /// Records `question`, asked by `subscriber`, and routes it when its commune is known,
    /// in the caller's transaction: the citizen's reference and the officials' notices
    /// commit together.
    static func ask(
        _ question: CitizenQuestion, by subscriber: Int64, phone: PhoneNumber, channel: Channel, route: String, at timestamp: String,
        in db: Database
    ) throws {
        // Who asked an anonymous question is kept apart, for the answer's way back alone.
        try db.cachedStatement(
            sql: """
                INSERT INTO citizenQuestion (id, commune, topic, text, anonymous, signedBy, channel, status, language, askedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            question.number, question.commune ?? "", question.topic, question.text, question.anonymous,
            question.anonymous ? nil : phone.e164, channel.rawValue, question.commune == nil ? "awaiting_commune" : "new",
            question.language.rawValue, timestamp,
        ])
        try db.cachedStatement(sql: "INSERT INTO questionAsker (questionId, subscriberId) VALUES (?, ?)").execute(arguments: [question.number, subscriber])
        if question.commune != nil { try routeQuestion(question.number, notice: question.notice, route: route, at: timestamp, in: db) }
    }

    /// The citizen named their commune: their question waiting for it goes there, and the
    /// commune is remembered on their record for the next one.
    static func place(
        question number: Int, in commune: String, notice: QuestionNotice, by subscriber: Int64, route: String, at timestamp: String,
        in db: Database
    ) throws {
        try db.cachedStatement(
            sql: """
                UPDATE citizenQuestion SET commune = ?, status = 'new'
                WHERE id = ? AND status = 'awaiting_commune' AND id IN (SELECT questionId FROM questionAsker WHERE subscriberId = ?)
                """
        ).execute(arguments: [commune, number, subscriber])
        guard db.changesCount > 0 else { return }
        try db.cachedStatement(sql: "UPDATE subscriber SET commune = ?, updatedAt = ? WHERE id = ?").execute(arguments: [notice.commune, timestamp, subscriber])
        try routeQuestion(number, notice: notice, route: route, at: timestamp, in: db)
    }

    /// Sends new question `number` to its officials, or holds it when its commune's
    /// questions wait for a campaign team's approval. A question no official can receive
    /// (no one registered for its commune) is flagged to the campaign team at once.
    /// `approved`: a campaign team passed it on, whatever its commune's setting.
    static func routeQuestion(_ number: Int, notice: QuestionNotice, route: String, at timestamp: String, in db: Database, approved: Bool = false) throws {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT commune, topic, text, signedBy FROM citizenQuestion WHERE id = ? AND status = ?"),
                arguments: [number, approved ? "held" : "new"]
            )
        else { return }
        let commune: String = row["commune"]
        let held = try Bool.fetchOne(db.cachedStatement(sql: "SELECT holdQuestions FROM communeSetting WHERE commune = ?"), arguments: [commune]) ?? false
        if held, !approved {
            try db.cachedStatement(sql: "UPDATE citizenQuestion SET status = 'held' WHERE id = ?").execute(arguments: [number])
            return
        }
        let officials = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM official WHERE commune = ? AND retiredAt IS NULL ORDER BY id"), arguments: [commune]
        ).compactMap(registered)
        let recipients = QuestionRouting.recipients(commune: commune, topic: row["topic"], among: officials)
        try db.cachedStatement(
            sql: "UPDATE citizenQuestion SET status = 'routed', routedAt = ?, escalatedAt = CASE WHEN ? THEN ? END WHERE id = ?"
        ).execute(arguments: [timestamp, recipients.isEmpty, timestamp, number])
        let signedBy = (row["signedBy"] as String?).flatMap(PhoneNumber.init)
        let expires = (Date.fromDatabaseValue(timestamp.databaseValue) ?? Date()).addingTimeInterval(questionMessageLifetime)
        for recipient in recipients {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO questionRecipient (questionId, officialId, notifiedAt) VALUES (?, ?, ?)")
                .execute(arguments: [number, recipient.id, timestamp])
            let text = notice.text(for: recipient.official, number: number, question: row["text"], signedBy: signedBy)
            try insertOutbound(
                OutgoingSMS(recipient: recipient.official.phone, text: text, route: route, kind: .notification, expiresAt: expires),
                timestamp: timestamp, in: db
            )
        }
    }

    /// Records official `official`'s answer to question `number` and sends `relay` to the
    /// citizen who asked, in the caller's transaction. The relay is a reply: it reaches a
    /// number that sent STOP, which asked for it. A citizen erased since gets nothing.
    static func answer(
        _ number: Int, by official: Int64?, text: String, relay: String, channel: String, route: String, at timestamp: String, in db: Database
    ) throws {
        try db.cachedStatement(sql: "INSERT INTO questionAnswer (questionId, officialId, text, channel, answeredAt) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [number, official, text, channel, timestamp])
        try db.cachedStatement(sql: "UPDATE citizenQuestion SET status = 'answered' WHERE id = ? AND status = 'routed'").execute(arguments: [number])
        guard
            let asker = try String.fetchOne(
                db.cachedStatement(sql: "SELECT s.phone FROM questionAsker a JOIN subscriber s ON s.id = a.subscriberId WHERE a.questionId = ?"),
                arguments: [number]
            ).flatMap(PhoneNumber.init)
        else { return }
        let expires = (Date.fromDatabaseValue(timestamp.databaseValue) ?? Date()).addingTimeInterval(questionMessageLifetime)
        try insertOutbound(OutgoingSMS(recipient: asker, text: relay, route: route, kind: .reply, expiresAt: expires), timestamp: timestamp, in: db)
    }

    /// What the citizen who asked question `number` made of its answer; the last word counts.
    static func rate(_ number: Int, _ rating: AnswerRating, at timestamp: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO questionRating (questionId, rating, ratedAt) VALUES (?, ?, ?)
                ON CONFLICT (questionId) DO UPDATE SET rating = excluded.rating, ratedAt = excluded.ratedAt
                """
        ).execute(arguments: [number, rating.rawValue, timestamp])
    }

    /// What an SMS naming question `number` needs to know of it, for `subscriber` (the sender).
    static func questionFacts(_ number: Int, sender subscriber: Int64?, in db: Database) throws -> QuestionFacts? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT q.status, q.commune, q.language, a.subscriberId FROM citizenQuestion q
                        LEFT JOIN questionAsker a ON a.questionId = q.id WHERE q.id = ?
                        """
                ),
                arguments: [number]
            ),
            let status = QuestionFacts.Status(rawValue: row["status"])
        else { return nil }
        let recipients = try Int64.fetchSet(db.cachedStatement(sql: "SELECT officialId FROM questionRecipient WHERE questionId = ?"), arguments: [number])
        return QuestionFacts(
            number: number, status: status, commune: row["commune"], recipients: recipients,
            askedBySender: subscriber != nil && row["subscriberId"] as Int64? == subscriber, language: Language(rawValue: row["language"] ?? "fr")
        )
    }
}

extension AppDatabase {
    /// A question as the campaign team, an official's inbox or the API sees it: never who
    /// asked, unless they signed.
    public struct StoredQuestion: Sendable, Equatable {
        public struct Answer: Sendable, Equatable {
            /// Nil: answered on air.
            public var official: Int64?
            public var text: String
            public var channel: String
            public var answeredAt: Date
        }

        public var number: Int
        public var commune: String
        public var topic: String
        public var text: String
        public var status: QuestionFacts.Status
        public var askedAt: Date
        /// The citizen's number, only when they chose to sign.
        public var signedBy: PhoneNumber?
        public var escalated: Bool
        public var hiddenReason: String?
        public var isPublic: Bool
        public var answeredOnAir: Bool
        public var recipients: [Int64]
        public var answers: [Answer]
        public var rating: AnswerRating?
    }

    /// Questions, newest first: those in `statuses` (all when empty), of `commune`, sent
    /// to `official`, or flagged to the campaign team (`escalated`).
    public func questions(
        statuses: [QuestionFacts.Status] = [], commune: String? = nil, official: Int64? = nil, escalated: Bool = false, limit: Int = 200
    ) async throws -> [StoredQuestion] {
        try await reader.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !statuses.isEmpty {
                conditions.append("q.status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
                arguments += StatementArguments(statuses.map(\.rawValue))
            }
            if let commune {
                conditions.append("q.commune = ?")
                arguments += [commune]
            }
            if let official {
                conditions.append("q.id IN (SELECT questionId FROM questionRecipient WHERE officialId = ?)")
                arguments += [official]
            }
            if escalated { conditions.append("q.escalatedAt IS NOT NULL AND q.status IN ('routed', 'held', 'awaiting_commune')") }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT q.*, r.rating FROM citizenQuestion q LEFT JOIN questionRating r ON r.questionId = q.id
                    \(filter) ORDER BY q.id DESC LIMIT ?
                    """,
                arguments: arguments + [limit]
            ).compactMap { row in try Self.storedQuestion(row, in: db) }
        }
    }

    public func question(_ number: Int) async throws -> StoredQuestion? {
        try await reader.read { db in
            try Row.fetchOne(
                db, sql: "SELECT q.*, r.rating FROM citizenQuestion q LEFT JOIN questionRating r ON r.questionId = q.id WHERE q.id = ?",
                arguments: [number]
            ).flatMap { try Self.storedQuestion($0, in: db) }
        }
    }

    static func storedQuestion(_ row: Row, in db: Database) throws -> StoredQuestion? {
        guard let status = QuestionFacts.Status(rawValue: row["status"]) else { return nil }
        let number: Int = row["id"]
        let answers = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT officialId, text, channel, answeredAt FROM questionAnswer WHERE questionId = ? ORDER BY id"),
            arguments: [number]
        ).map { StoredQuestion.Answer(official: $0["officialId"], text: $0["text"], channel: $0["channel"], answeredAt: $0["answeredAt"]) }
        return StoredQuestion(
            number: number, commune: row["commune"], topic: row["topic"], text: row["text"], status: status, askedAt: row["askedAt"],
            signedBy: (row["signedBy"] as String?).flatMap(PhoneNumber.init), escalated: row["escalatedAt"] as String? != nil,
            hiddenReason: row["hiddenReason"], isPublic: row["public"], answeredOnAir: row["answeredOnAirAt"] as String? != nil,
            recipients: try Int64.fetchAll(db.cachedStatement(sql: "SELECT officialId FROM questionRecipient WHERE questionId = ? ORDER BY officialId"), arguments: [number]),
            answers: answers, rating: (row["rating"] as String?).flatMap(AnswerRating.init(rawValue:))
        )
    }

    /// Whether each commune's questions wait for a campaign team's approval.
    public func heldCommunes() async throws -> Set<String> {
        try await reader.read { db in try String.fetchSet(db, sql: "SELECT commune FROM communeSetting WHERE holdQuestions") }
    }

    /// From now on, `commune`'s questions wait for approval (`hold`) or go at once.
    public func holdQuestions(of commune: String, _ hold: Bool, actor: String, role: Role?, at now: Date) async throws {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(
                sql: """
                    INSERT INTO communeSetting (commune, holdQuestions, updatedBy, updatedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT (commune) DO UPDATE SET holdQuestions = excluded.holdQuestions, updatedBy = excluded.updatedBy, updatedAt = excluded.updatedAt
                    """,
                arguments: [commune, hold, actor, timestamp]
            )
            try Self.audit(
                actor: actor, role: role, action: hold ? "questions.hold" : "questions.route", target: "commune \(commune)", detail: nil, at: timestamp,
                in: db
            )
        }
    }

    /// Passes held question `number` on to its officials; false when it is not held.
    public func approveQuestion(_ number: Int, notice: QuestionNotice, route: String, actor: String, role: Role?, at now: Date) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(sql: "UPDATE citizenQuestion SET decidedBy = ? WHERE id = ? AND status = 'held'", arguments: [actor, number])
            guard db.changesCount > 0 else { return false }
            try Self.routeQuestion(number, notice: notice, route: route, at: timestamp, in: db, approved: true)
            try Self.audit(actor: actor, role: role, action: "question.approve", target: "question \(number)", detail: nil, at: timestamp, in: db)
            return true
        }
    }

    /// Hides question `number` for `reason`: it goes to no one (more), and its citizen is
    /// told `message` (in their language, politely). False when it is hidden already or
    /// unknown.
    public func hideQuestion(
        _ number: Int, reason: String, message: @Sendable (Language) -> String, route: String, actor: String, role: Role?, at now: Date
    ) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let language = try String.fetchOne(db, sql: "SELECT language FROM citizenQuestion WHERE id = ? AND status != 'hidden'", arguments: [number])
            guard let language else { return false }
            try db.execute(
                sql: "UPDATE citizenQuestion SET status = 'hidden', hiddenReason = ?, decidedBy = ?, public = 0 WHERE id = ?",
                arguments: [reason, actor, number]
            )
            if let asker = try String.fetchOne(
                db, sql: "SELECT s.phone FROM questionAsker a JOIN subscriber s ON s.id = a.subscriberId WHERE a.questionId = ?", arguments: [number]
            ).flatMap(PhoneNumber.init) {
                let expires = now.addingTimeInterval(Self.questionMessageLifetime)
                try Self.insertOutbound(
                    OutgoingSMS(recipient: asker, text: message(Language(rawValue: language)), route: route, kind: .reply, expiresAt: expires),
                    timestamp: timestamp, in: db
                )
            }
            try Self.audit(actor: actor, role: role, action: "question.hide", target: "question \(number)", detail: ["reason": reason], at: timestamp, in: db)
            return true
        }
    }

    /// An answer given in an official's web inbox, relayed as one by SMS is.
    public func answerQuestion(_ number: Int, by official: Int64, text: String, relay: String, route: String, at now: Date) async throws {
        try await write { db in
            try Self.answer(number, by: official, text: text, relay: relay, channel: "web", route: route, at: DatabaseTimestamp.text(now), in: db)
        }
    }
}

extension AppDatabase {
    /// What an answer to question `number` must be checked against.
    public func questionFacts(_ number: Int) async throws -> QuestionFacts? {
        try await reader.read { db in try Self.questionFacts(number, sender: nil, in: db) }
    }
}

extension AppDatabase {
    /// Reminds, once, the officials of every question sent before `cutoff` and still
    /// unanswered: `notice` (its commune and topic) gives each one's text again, which
    /// `reminder` frames. Returns how many questions reminded.
    public func remindQuestions(
        sentBefore cutoff: Date, notice: @Sendable (_ commune: String, _ topic: String) -> QuestionNotice,
        reminder: @Sendable (String) -> String, route: String, at now: Date
    ) async throws -> Int {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let due = try Row.fetchAll(
                db,
                sql: "SELECT id, commune, topic, text, signedBy FROM citizenQuestion WHERE status = 'routed' AND remindedAt IS NULL AND routedAt <= ?",
                arguments: [DatabaseTimestamp.text(cutoff)]
            )
            for question in due {
                let number: Int = question["id"]
                let officials = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT o.* FROM official o JOIN questionRecipient r ON r.officialId = o.id
                        WHERE r.questionId = ? AND o.retiredAt IS NULL ORDER BY o.id
                        """,
                    arguments: [number]
                ).compactMap(Self.registered)
                let text = notice(question["commune"], question["topic"])
                for official in officials {
                    let body = text.text(
                        for: official.official, number: number, question: question["text"], signedBy: (question["signedBy"] as String?).flatMap(PhoneNumber.init)
                    )
                    try Self.insertOutbound(
                        OutgoingSMS(
                            recipient: official.official.phone, text: reminder(body), route: route, kind: .notification,
                            expiresAt: now.addingTimeInterval(Self.questionMessageLifetime)
                        ),
                        timestamp: timestamp, in: db
                    )
                }
                try db.execute(sql: "UPDATE citizenQuestion SET remindedAt = ? WHERE id = ?", arguments: [timestamp, number])
            }
            return due.count
        }
    }

    /// Flags to the campaign team every question sent or held before `cutoff` and still
    /// without an answer or a decision. Returns how many.
    public func escalateQuestions(before cutoff: Date, at now: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE citizenQuestion SET escalatedAt = ?
                    WHERE escalatedAt IS NULL AND ((status = 'routed' AND routedAt <= ?) OR (status = 'held' AND askedAt <= ?))
                    """,
                arguments: [DatabaseTimestamp.text(now), DatabaseTimestamp.text(cutoff), DatabaseTimestamp.text(cutoff)]
            )
            return db.changesCount
        }
    }
}

extension AppDatabase {
    /// Every question passed on to officials since `since`, with who it went to and who
    /// answered when: what the accountability figures are computed from.
    public func accountabilityRecords(since: Date) async throws -> [Accountability.Record] {
        try await reader.read { db in
            let questions = try Row.fetchAll(
                db, sql: "SELECT id, commune, topic, routedAt FROM citizenQuestion WHERE status IN ('routed', 'answered') AND routedAt >= ? ORDER BY id",
                arguments: [DatabaseTimestamp.text(since)]
            )
            var recipients: [Int: [Int64]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT r.questionId, r.officialId FROM questionRecipient r JOIN citizenQuestion q ON q.id = r.questionId WHERE q.routedAt >= ?",
                arguments: [DatabaseTimestamp.text(since)]
            ) {
                recipients[row[0], default: []].append(row[1])
            }
            var answers: [Int: [(official: Int64?, at: Date)]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT a.questionId, a.officialId, a.answeredAt FROM questionAnswer a JOIN citizenQuestion q ON q.id = a.questionId WHERE q.routedAt >= ?",
                arguments: [DatabaseTimestamp.text(since)]
            ) {
                answers[row[0], default: []].append((row[1], row[2]))
            }
            return questions.map { row in
                let number: Int = row["id"]
                return Accountability.Record(
                    commune: row["commune"], topic: row["topic"], routedAt: row["routedAt"], recipients: recipients[number] ?? [],
                    answers: answers[number] ?? []
                )
            }
        }
    }

    /// The questions a campaign team made public, with their answers, for the public page.
    public func publicQuestions(of commune: String, limit: Int = 50) async throws -> [StoredQuestion] {
        try await reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT q.*, r.rating FROM citizenQuestion q LEFT JOIN questionRating r ON r.questionId = q.id
                    WHERE q.commune = ? AND q.public AND q.status = 'answered' ORDER BY q.id DESC LIMIT ?
                    """,
                arguments: [commune, limit]
            ).compactMap { try Self.storedQuestion($0, in: db) }
        }
    }
}

extension AppDatabase {
    /// A host answered question `number` on the radio: it counts as answered (by no
    /// official), with `text` as what was said. False when it is not passed on.
    public func markAnsweredOnAir(_ number: Int, text: String, actor: String, role: Role?, at now: Date) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(
                sql: "UPDATE citizenQuestion SET answeredOnAirAt = ?, status = 'answered' WHERE id = ? AND status IN ('routed', 'answered')",
                arguments: [timestamp, number]
            )
            guard db.changesCount > 0 else { return false }
            try db.execute(
                sql: "INSERT INTO questionAnswer (questionId, officialId, text, channel, answeredAt) VALUES (?, NULL, ?, 'radio', ?)",
                arguments: [number, text, timestamp]
            )
            try Self.audit(actor: actor, role: role, action: "question.on-air", target: "question \(number)", detail: nil, at: timestamp, in: db)
            return true
        }
    }

    /// Shows question `number` and its answers on the public page, or stops showing them.
    /// False when there is no such question, or it is hidden.
    public func makeQuestionPublic(_ number: Int, _ visible: Bool, actor: String, role: Role?, at now: Date) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(sql: "UPDATE citizenQuestion SET public = ? WHERE id = ? AND status != 'hidden'", arguments: [visible, number])
            guard db.changesCount > 0 else { return false }
            try Self.audit(
                actor: actor, role: role, action: visible ? "question.public" : "question.private", target: "question \(number)", detail: nil, at: timestamp,
                in: db
            )
            return true
        }
    }
}
