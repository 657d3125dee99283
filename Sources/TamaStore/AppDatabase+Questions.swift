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
    static func routeQuestion(_ number: Int, notice: QuestionNotice, route: String, at timestamp: String, in db: Database) throws {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT commune, topic, text, signedBy FROM citizenQuestion WHERE id = ? AND status IN ('new', 'held')"),
                arguments: [number]
            )
        else { return }
        let commune: String = row["commune"]
        let held = try Bool.fetchOne(db.cachedStatement(sql: "SELECT holdQuestions FROM communeSetting WHERE commune = ?"), arguments: [commune]) ?? false
        if held, try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM citizenQuestion WHERE id = ?"), arguments: [number]) == "new" {
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
