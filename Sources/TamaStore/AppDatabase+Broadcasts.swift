import Foundation
import GRDB
import TamaCore

/// A broadcast as stored, for the API, the console and the CLI.
public struct BroadcastRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var campaign: String
    public var audience: Audience
    public var texts: [String: String]
    public var fallback: String
    public var route: String
    public var status: BroadcastStatus
    /// Why a `failed` broadcast stopped.
    public var failure: String?
    public var scheduledAt: Date
    public var queued: Int
    public var skippedOptOut: Int
    public var createdBy: String
    public var createdAt: Date
}

/// Where a broadcast's messages stand.
public struct BroadcastProgress: Sendable, Codable, Equatable {
    public var queued = 0
    public var sending = 0
    public var sent = 0
    public var delivered = 0
    public var failed = 0
    public var expired = 0
    public var cancelled = 0
    /// Left out at fan-out, or cancelled at send time, because the number sent STOP.
    public var skippedOptOut = 0
}

/// A change a broadcast's state does not allow.
public enum BroadcastChangeError: Error, Equatable, CustomStringConvertible {
    case notFound(Int64)
    case notAllowed(id: Int64, status: BroadcastStatus, action: BroadcastStatus.Action)

    public var description: String {
        switch self {
        case .notFound(let id): "there is no broadcast \(id)"
        case .notAllowed(let id, let status, let action): "broadcast \(id) is \(status.words); it cannot be \(action.pastTense)"
        }
    }
}

extension AppDatabase {
    /// How many people a broadcast of `campaign` to `audience` reaches, by language (nil:
    /// not known yet).
    public func audienceCounts(_ audience: Audience, campaign: String, fallback: Language) async throws -> [Language?: Int] {
        try await reader.read { db in
            let query = AudienceQuery(audience, campaign: campaign, fallback: fallback)
            var counts: [Language?: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT s.language, COUNT(*) FROM subscriber s WHERE \(query.sql) GROUP BY s.language", arguments: query.arguments) {
                counts[(row[0] as String?).map(Language.init(rawValue:))] = row[1]
            }
            return counts
        }
    }

    /// The people `audience`'s filters match whom a broadcast of `campaign` leaves out, by reason.
    public func leftOut(_ audience: Audience, campaign: String, fallback: Language) async throws -> LeftOut {
        try await reader.read { db in
            let query = AudienceQuery.leftOut(audience, campaign: campaign, fallback: fallback)
            let row = try Row.fetchOne(db, sql: query.sql, arguments: query.arguments)!
            return LeftOut(optedOut: row[0], leftCampaign: row[1], notSubscribed: row[2])
        }
    }

    /// How many of the audience already received `cap` broadcasts since `dayStart`: their
    /// message of a broadcast sent today waits for tomorrow.
    public func recipientsAtDailyCap(_ audience: Audience, campaign: String, fallback: Language, cap: Int, dayStart: Date) async throws -> Int {
        try await reader.read { db in
            let query = AudienceQuery(audience, campaign: campaign, fallback: fallback)
            return try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM subscriber s WHERE \(query.sql) AND (\(Self.broadcastsSentSince(recipient: "s.phone"))) >= ?",
                arguments: query.arguments + [DatabaseTimestamp.text(dayStart), cap]
            )!
        }
    }

    /// The daily cap's count, one rule for the preview and the dispatcher: the broadcasts
    /// the aggregator took for `recipient` since the day's start (bound next), and did not
    /// report failed.
    static func broadcastsSentSince(recipient: String) -> String {
        """
        SELECT COUNT(*) FROM outboundMessage
        WHERE recipient = \(recipient) AND kind = 'broadcast' AND sentAt >= ? AND (status = 'sent' OR status = 'delivered')
        """
    }

    /// Stores a scheduled broadcast, with its audit line; fan-out starts at its time.
    public func createBroadcast(_ draft: BroadcastDraft, route: String, actor: String, role: Role?, at now: Date) async throws -> Int64 {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let audience = String(decoding: try JSONEncoder().encode(draft.audience), as: UTF8.self)
            let id = try Int64.fetchOne(
                db,
                sql: """
                    INSERT INTO broadcast (name, campaign, audience, fallback, route, status, scheduledAt, createdBy, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?, ?, ?) RETURNING id
                    """,
                arguments: [
                    draft.name, draft.campaign, audience, draft.fallback.rawValue, route,
                    DatabaseTimestamp.text(draft.scheduledAt ?? now), actor, timestamp, timestamp,
                ]
            )!
            try Self.insertVariants(of: id, texts: Dictionary(uniqueKeysWithValues: draft.texts.map { ($0.key.rawValue, $0.value) }), in: db)
            try Self.audit(actor: actor, role: role, action: "broadcast.create", target: "broadcast \(id)", detail: ["name": draft.name], at: timestamp, in: db)
            return id
        }
    }

    /// Stores each language's text once, measured: the broadcast's queue rows point to it.
    static func insertVariants(of id: Int64, texts: [String: String], in db: Database) throws {
        for (language, text) in texts {
            let sms = SMSText(text)
            try db.execute(
                sql: "INSERT INTO broadcastVariant (broadcastId, language, text, encoding, parts) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, language, text, sms.encoding.rawValue, sms.partCount]
            )
        }
    }

    public func broadcasts() async throws -> [BroadcastRecord] {
        try await reader.read { db in try Self.broadcasts(where: "1", in: db) }
    }

    public func broadcast(id: Int64) async throws -> BroadcastRecord? {
        try await reader.read { db in try Self.broadcasts(where: "id = ?", [id], in: db).first }
    }

    /// Broadcasts with their texts, newest first: two queries, however many there are.
    static func broadcasts(where condition: String, _ arguments: StatementArguments = [], in db: Database) throws -> [BroadcastRecord] {
        var texts: [Int64: [String: String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT broadcastId, language, text FROM broadcastVariant WHERE broadcastId IN (SELECT id FROM broadcast WHERE \(condition))",
            arguments: arguments
        ) {
            texts[row["broadcastId"], default: [:]][row["language"]] = row["text"]
        }
        return try Row.fetchAll(db, sql: "SELECT * FROM broadcast WHERE \(condition) ORDER BY id DESC", arguments: arguments).map { row in
            try broadcast(from: row, texts: texts[row["id"]] ?? [:])
        }
    }

    static func broadcast(from row: Row, texts: [String: String]) throws -> BroadcastRecord {
        BroadcastRecord(
            id: row["id"], name: row["name"], campaign: row["campaign"],
            audience: try JSONDecoder().decode(Audience.self, from: Data((row["audience"] as String).utf8)),
            texts: texts,
            fallback: row["fallback"], route: row["route"],
            status: BroadcastStatus(rawValue: row["status"]) ?? .failed, failure: row["failure"], scheduledAt: row["scheduledAt"], queued: row["queued"],
            skippedOptOut: row["skippedOptOut"], createdBy: row["createdBy"], createdAt: row["createdAt"]
        )
    }

    /// Broadcasts whose fan-out should run now: scheduled and due, or under way.
    public func broadcastsToFanOut(now: Date) async throws -> [Int64] {
        try await reader.read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM broadcast WHERE (status = 'scheduled' AND scheduledAt <= ?) OR status = 'fanning_out' ORDER BY id",
                arguments: [DatabaseTimestamp.text(now)]
            )
        }
    }

    /// Queues broadcast `id`'s audience among the next `batch` subscribers, and moves its
    /// cursor past them, in one transaction: a restart carries on exactly after the last
    /// batch committed. The rows are made by SQLite itself (INSERT … SELECT), each with
    /// the text of its language. Returns how many subscribers the batch covered; 0 once
    /// all are done (the broadcast is then `sending`) or when it is paused or cancelled.
    public func fanOut(broadcast id: Int64, batch: Int, ttl: TimeInterval, at now: Date) async throws -> Int {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM broadcast WHERE id = ?", arguments: [id]) else { return 0 }
            let record = try Self.broadcast(from: row, texts: [:])
            guard record.status.fansOut else { return 0 }
            let cursor: Int64 = row["cursor"]
            let fallback = Language(rawValue: record.fallback)
            let audience = AudienceQuery(record.audience, campaign: record.campaign, fallback: fallback)
            let timestamp = DatabaseTimestamp.text(now)
            // The batch is the next `batch` subscribers by id, whoever they are: finding its
            // end walks the primary key only, and the audience filter runs once, in the insert.
            guard
                let boundary = try Int64.fetchOne(
                    db, sql: "SELECT MAX(id) FROM (SELECT id FROM subscriber WHERE id > ? ORDER BY id LIMIT ?)", arguments: [cursor, batch]
                )
            else {
                // Done: the people the filter matched who had sent STOP are counted once, here.
                let optedOut = AudienceQuery(record.audience, campaign: record.campaign, fallback: fallback, optedOut: true)
                let skipped = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM subscriber s WHERE \(optedOut.sql)", arguments: optedOut.arguments)!
                try db.execute(
                    sql: "UPDATE broadcast SET status = 'sending', skippedOptOut = ?, updatedAt = ? WHERE id = ?",
                    arguments: [skipped, timestamp, id]
                )
                return 0
            }
            // Each row names its language's variant, or the fallback's; the text stays in
            // broadcastVariant, once. Someone whose language has no text, when the fallback
            // has none either (the preview refused that for the audience it counted), is
            // left out by the join rather than sent an empty message.
            let languages = try String.fetchAll(
                db, sql: "SELECT language FROM broadcastVariant WHERE broadcastId = ? AND language <> ? ORDER BY language", arguments: [id, record.fallback]
            )
            let (variant, arguments) = Self.variantChoice(languages: languages, fallback: record.fallback)
            try db.execute(
                sql: """
                    INSERT INTO outboundMessage
                        (recipient, variant, parts, route, priority, kind, status, nextAttemptAt, broadcastId, createdAt, expiresAt, updatedAt)
                    SELECT s.phone, v.language, v.parts, ?, ?, 'broadcast', 'queued', ?, ?, ?, ?, ?
                    FROM subscriber s JOIN broadcastVariant v ON v.broadcastId = ? AND v.language = \(variant)
                    WHERE s.id > ? AND s.id <= ? AND \(audience.sql)
                    """,
                arguments: [record.route, MessageKind.broadcast.priority, timestamp, id, timestamp, DatabaseTimestamp.text(now.addingTimeInterval(ttl)), timestamp, id]
                    + arguments + [cursor, boundary] + audience.arguments
            )
            let queued = db.changesCount
            try db.execute(
                sql: """
                    UPDATE broadcast SET cursor = ?, queued = queued + ?, status = 'fanning_out', updatedAt = ?
                    WHERE id = ?
                    """,
                arguments: [boundary, queued, timestamp, id]
            )
            return max(1, Int(boundary - cursor))
        }
    }

    /// The SQL that names the variant a subscriber `s` gets: their language's when the
    /// broadcast has one, else the fallback's. Only a fallback: the fallback, with no CASE
    /// (SQLite refuses a CASE without a WHEN).
    static func variantChoice(languages: [String], fallback: String) -> (sql: String, arguments: StatementArguments) {
        guard !languages.isEmpty else { return ("?", [fallback]) }
        var arguments: StatementArguments = []
        for language in languages { arguments += [language, language] }
        return ("CASE" + String(repeating: " WHEN s.language = ? THEN ?", count: languages.count) + " ELSE ? END", arguments + [fallback])
    }

    /// Stops broadcast `id` for good because its fan-out cannot go on: it becomes `failed`
    /// with `reason`, its unsent messages are cancelled, and the audit log says why, so one
    /// broken broadcast never holds the ones after it.
    public func failBroadcast(_ id: Int64, reason: String, at now: Date) async throws {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(
                sql: "UPDATE broadcast SET status = 'failed', failure = ?, updatedAt = ? WHERE id = ? AND (status = 'scheduled' OR status = 'fanning_out')",
                arguments: [reason, timestamp, id]
            )
            guard db.changesCount > 0 else { return }
            try db.execute(
                sql: "UPDATE outboundMessage SET status = 'cancelled', error = 'broadcast failed', updatedAt = ? WHERE broadcastId = ? AND status = 'queued'",
                arguments: [timestamp, id]
            )
            try Self.audit(actor: "tama", role: nil, action: "broadcast.fail", target: "broadcast \(id)", detail: ["reason": reason], at: timestamp, in: db)
        }
    }

    /// Marks `sending` broadcasts with nothing left to send as `finished`.
    @discardableResult
    public func finishBroadcasts(at now: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE broadcast SET status = 'finished', updatedAt = ?
                    WHERE status = 'sending' AND NOT EXISTS (
                        SELECT 1 FROM outboundMessage WHERE broadcastId = broadcast.id AND status IN ('queued', 'sending'))
                    """,
                arguments: [DatabaseTimestamp.text(now)]
            )
            return db.changesCount
        }
    }

    /// Pauses, resumes or cancels broadcast `id`, with its audit line. Pausing holds its
    /// queued messages (the dispatcher skips them); cancelling cancels every unsent one.
    /// A finished or cancelled broadcast cannot change.
    public func change(broadcast id: Int64, _ action: BroadcastStatus.Action, actor: String, role: Role?, at now: Date) async throws {
        try await write { db in
            guard let stored = try String.fetchOne(db, sql: "SELECT status FROM broadcast WHERE id = ?", arguments: [id]) else {
                throw BroadcastChangeError.notFound(id)
            }
            let status = BroadcastStatus(rawValue: stored) ?? .failed
            guard status.allows(action) else { throw BroadcastChangeError.notAllowed(id: id, status: status, action: action) }
            let timestamp = DatabaseTimestamp.text(now)
            switch action {
            case .pause:
                try db.execute(
                    sql: "UPDATE broadcast SET status = 'paused', pausedFrom = status, updatedAt = ? WHERE id = ?", arguments: [timestamp, id]
                )
            case .resume:
                try db.execute(
                    sql: "UPDATE broadcast SET status = pausedFrom, pausedFrom = NULL, updatedAt = ? WHERE id = ?", arguments: [timestamp, id]
                )
            case .cancel:
                try db.execute(sql: "UPDATE broadcast SET status = 'cancelled', updatedAt = ? WHERE id = ?", arguments: [timestamp, id])
                try db.execute(
                    sql: """
                        UPDATE outboundMessage SET status = 'cancelled', error = 'broadcast cancelled', updatedAt = ?
                        WHERE broadcastId = ? AND status = 'queued'
                        """,
                    arguments: [timestamp, id]
                )
            }
            try Self.audit(actor: actor, role: role, action: "broadcast.\(action.rawValue)", target: "broadcast \(id)", detail: nil, at: timestamp, in: db)
        }
    }

    public func progress(broadcast id: Int64) async throws -> BroadcastProgress {
        try await reader.read { db in
            var progress = BroadcastProgress()
            for row in try Row.fetchAll(
                db, sql: "SELECT status, error = 'opted out' AS optOut, COUNT(*) FROM outboundMessage WHERE broadcastId = ? GROUP BY 1, 2",
                arguments: [id]
            ) {
                let count: Int = row[2]
                switch MessageStatus(rawValue: row[0]) {
                case .queued: progress.queued += count
                case .sending: progress.sending += count
                case .sent: progress.sent += count
                case .delivered: progress.delivered += count
                case .failed: progress.failed += count
                case .expired: progress.expired += count
                case .cancelled, nil: if row[1] as Bool? == true { progress.skippedOptOut += count } else { progress.cancelled += count }
                }
            }
            progress.skippedOptOut += try Int.fetchOne(db, sql: "SELECT skippedOptOut FROM broadcast WHERE id = ?", arguments: [id]) ?? 0
            return progress
        }
    }

    /// Broadcast `id`'s messages as CSV lines, header first: the campaign's own contact
    /// list, so numbers are whole; the console shows them masked.
    public func broadcastReport(_ id: Int64, _ write: (String) throws -> Void) async throws {
        let lines = try await reader.read { db in
            let csv = CSVReader(separator: ",")
            var lines = [csv.line(["phone", "status", "error", "parts", "sent_at", "delivered_at"])]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT recipient, status, error, parts, sentAt, deliveredAt FROM outboundMessage WHERE broadcastId = ? ORDER BY id",
                arguments: [id]
            )
            while let row = try rows.next() {
                lines.append(
                    csv.line([
                        row["recipient"], row["status"], row["error"] ?? "", String(row["parts"] as Int),
                        (row["sentAt"] as String?) ?? "", (row["deliveredAt"] as String?) ?? "",
                    ])
                )
            }
            return lines
        }
        for line in lines { try write(line) }
    }
}
