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
}
