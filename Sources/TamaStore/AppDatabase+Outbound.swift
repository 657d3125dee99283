import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Rows per transaction when enqueueing many: large enough that commits do not
    /// dominate, small enough that webhooks waiting for the writer are not held long.
    static let enqueueBatch = 2_000

    /// Queues `messages`, in transactions of ``enqueueBatch`` rows, and returns how many.
    @discardableResult
    public func enqueue(_ messages: some Sequence<OutgoingSMS>, at now: Date) async throws -> Int {
        var count = 0
        var batch: [OutgoingSMS] = []
        batch.reserveCapacity(Self.enqueueBatch)
        for message in messages {
            batch.append(message)
            if batch.count == Self.enqueueBatch {
                count += try await insertBatch(batch, at: now)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { count += try await insertBatch(batch, at: now) }
        return count
    }

    private func insertBatch(_ batch: [OutgoingSMS], at now: Date) async throws -> Int {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            // A broadcast's rows share a text and an expiry: measure and format each once.
            var texts: [String: SMSText] = [:]
            var expiries: [Date: String] = [:]
            var values: [(any DatabaseValueConvertible)?] = []
            values.reserveCapacity(Self.rowsPerInsert * Self.outboundColumns)
            var rows = 0
            for message in batch {
                let sms = texts[message.text] ?? SMSText(message.text)
                texts[message.text] = sms
                let expiry = expiries[message.expiresAt] ?? DatabaseTimestamp.text(message.expiresAt)
                expiries[message.expiresAt] = expiry
                values += Self.outboundValues(message, sms: sms, expiresAt: expiry, timestamp: timestamp)
                rows += 1
                if rows == Self.rowsPerInsert {
                    try db.cachedStatement(sql: Self.insertOutboundSQL(rows: rows)).execute(arguments: StatementArguments(values))
                    values.removeAll(keepingCapacity: true)
                    rows = 0
                }
            }
            if rows > 0 { try db.execute(sql: Self.insertOutboundSQL(rows: rows), arguments: StatementArguments(values)) }
            return batch.count
        }
    }

    /// Rows per INSERT statement when enqueueing many: one statement step per row costs
    /// more than SQLite's work on the row.
    static let rowsPerInsert = 200
    static let outboundColumns = 13

    static func insertOutboundSQL(rows: Int) -> String {
        let row = "(?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)"
        return """
            INSERT INTO outboundMessage
                (recipient, text, encoding, parts, route, priority, kind, status, nextAttemptAt,
                 inboundId, broadcastId, createdAt, expiresAt, updatedAt)
            VALUES \(repeatElement(row, count: rows).joined(separator: ", "))
            """
    }

    static func outboundValues(_ message: OutgoingSMS, sms: SMSText, expiresAt: String, timestamp: String) -> [(any DatabaseValueConvertible)?] {
        [
            message.recipient.e164, message.text, sms.encoding.rawValue, sms.partCount, message.route, message.kind.priority,
            message.kind.rawValue, message.notBefore.map(DatabaseTimestamp.text) ?? timestamp, message.inboundId,
            message.broadcastId, timestamp, expiresAt, timestamp,
        ]
    }

    /// Leases up to `limit` due messages of `route` for `lease` seconds, replies first.
    /// (A claimed message past its expiry is the dispatch policy's to close; closing them
    /// here would scan every queued row at each claim.) In `quietHours` only replies go:
    /// nobody is woken by an official's notification or a broadcast. Each claimed message
    /// carries its recipient's opt-out and the broadcasts they received since `dayStart`.
    public func claimDue(
        route: String, limit: Int, now: Date, lease: TimeInterval, quietHours: Bool, dayStart: Date
    ) async throws -> [QueuedMessage] {
        let broadcasts = !quietHours
        return try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let leaseUntil = DatabaseTimestamp.text(now.addingTimeInterval(lease))
            // Messages queued one by one: replies, notifications, then broadcasts sent
            // without a broadcast record, by priority and time.
            var claimed = try Self.leased(Row.fetchAll(
                db.cachedStatement(sql: Self.claimSQL(from: """
                    SELECT id FROM outboundMessage
                    WHERE status = 'queued' AND broadcastId IS NULL AND route = ?3 AND nextAttemptAt <= ?2 AND priority <= ?4
                    ORDER BY priority, nextAttemptAt, id LIMIT ?5
                    """)),
                arguments: [
                    leaseUntil, timestamp, route, quietHours ? MessageKind.reply.priority : MessageKind.broadcast.priority, limit,
                ]
            ))
            // Then broadcasts under way (not paused), the oldest first, one at a time: each
            // walks its own index in order, where one query over all would sort them all.
            // The campaign of each claimed broadcast message, for the recipient's leaving.
            var campaigns: [Int64: String] = [:]
            if broadcasts, claimed.count < limit {
                let underway = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT id, campaign FROM broadcast WHERE route = ? AND status IN ('fanning_out', 'sending') ORDER BY id"),
                    arguments: [route]
                )
                let claim = try db.cachedStatement(sql: Self.claimSQL(from: """
                    SELECT id FROM outboundMessage
                    WHERE broadcastId = ?3 AND status = 'queued' AND nextAttemptAt <= ?2
                    ORDER BY nextAttemptAt LIMIT ?4
                    """))
                for broadcast in underway where claimed.count < limit {
                    let batch = try Self.leased(Row.fetchAll(claim, arguments: [leaseUntil, timestamp, broadcast["id"], limit - claimed.count]))
                    for message in batch { campaigns[message.id] = broadcast["campaign"] }
                    claimed += batch
                }
            }
            let day = DatabaseTimestamp.text(dayStart)
            let recipient = try db.cachedStatement(
                sql: """
                    SELECT s.optedOutAt IS NOT NULL, EXISTS (
                        SELECT 1 FROM subscription c WHERE c.subscriberId = s.id AND c.campaign = ? AND c.status = 'unsubscribed')
                    FROM subscriber s WHERE s.phone = ?
                    """
            )
            let sentToday = try db.cachedStatement(sql: Self.broadcastsSentSince(recipient: "?"))
            // Earlier broadcasts to the same number in this claim count too, or a claim
            // holding three would send all three under a cap of two.
            var claimedBefore: [String: Int] = [:]
            return try claimed.map { message in
                guard message.kind == .broadcast else { return message }
                var message = message
                if let row = try Row.fetchOne(recipient, arguments: [campaigns[message.id], message.recipient]) {
                    message.recipientOptedOut = row[0]
                    message.recipientLeftCampaign = row[1]
                }
                message.broadcastsToday =
                    try (Int.fetchOne(sentToday, arguments: [message.recipient, day]) ?? 0) + claimedBefore[message.recipient, default: 0]
                claimedBefore[message.recipient, default: 0] += 1
                return message
            }
        }
    }

    /// One claim's rows, in the order they were queued: RETURNING follows no ORDER BY.
    static func leased(_ rows: [Row]) -> [QueuedMessage] {
        rows.map { row in
            QueuedMessage(
                id: row["id"], recipient: row["recipient"], text: row["text"], parts: row["parts"],
                kind: MessageKind(rawValue: row["kind"]) ?? .broadcast, attempts: row["attempts"], expiresAt: row["expiresAt"]
            )
        }
        .sorted { ($0.kind.priority, $0.id) < ($1.kind.priority, $1.id) }
    }

    /// Leases the messages `candidates` selects (`?1` the lease's end, `?2` now) and
    /// returns them with their text: their own, or their broadcast variant's.
    static func claimSQL(from candidates: String) -> String {
        """
        UPDATE outboundMessage
        SET status = 'sending', leaseUntil = ?1, attempts = attempts + 1, updatedAt = ?2
        WHERE id IN (\(candidates))
        RETURNING id, recipient, parts, kind, attempts, expiresAt, IFNULL(text, (
            SELECT v.text FROM broadcastVariant v
            WHERE v.broadcastId = outboundMessage.broadcastId AND v.language = outboundMessage.variant)) AS text
        """
    }

    /// Records what happened to leased messages, in one transaction. A result for a lease
    /// that ran out (another dispatcher took the message, a later attempt) is ignored.
    public func record(_ results: [DispatchResult], at now: Date) async throws {
        guard !results.isEmpty else { return }
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            for result in results {
                let (sql, arguments): (String, StatementArguments)
                switch result.outcome {
                case .sent(let aggregatorId):
                    sql = "status = 'sent', aggregatorMessageId = ?, sentAt = ?, error = NULL"
                    arguments = [aggregatorId, timestamp]
                case .retry(let at, let reason):
                    sql = "status = 'queued', nextAttemptAt = ?, error = ?"
                    arguments = [DatabaseTimestamp.text(at), reason]
                case .deferred(let until):
                    sql = "status = 'queued', nextAttemptAt = ?, attempts = attempts - 1"
                    arguments = [DatabaseTimestamp.text(until)]
                case .routeDown(let until, let reason):
                    sql = "status = 'queued', nextAttemptAt = ?, attempts = attempts - 1, error = ?"
                    arguments = [DatabaseTimestamp.text(until), reason]
                case .failed(let reason):
                    sql = "status = 'failed', error = ?"
                    arguments = [reason]
                case .expired:
                    sql = "status = 'expired'"
                    arguments = []
                case .cancelled(let reason):
                    sql = "status = 'cancelled', error = ?"
                    arguments = [reason]
                }
                try db.cachedStatement(
                    sql: "UPDATE outboundMessage SET \(sql), leaseUntil = NULL, updatedAt = ? WHERE id = ? AND attempts = ? AND status = 'sending'"
                ).execute(arguments: arguments + [timestamp, result.id, result.attempt])
                if case .sent(let aggregatorId?) = result.outcome, db.changesCount > 0 {
                    try Self.applyEarlyReport(for: aggregatorId, id: result.id, at: timestamp, in: db)
                }
            }
        }
    }

    /// Closes the queued messages of `route` that expired without being claimed (a
    /// broadcast held by quiet hours, a route that was down), so progress tells the truth.
    /// It reads every queued row of the route, so the dispatcher runs it now and then, not
    /// at each claim.
    @discardableResult
    public func expireOverdue(route: String, now: Date) async throws -> Int {
        try await write { db in
            let arguments: StatementArguments = [DatabaseTimestamp.text(now), route]
            try db.execute(
                sql: """
                    UPDATE outboundMessage SET status = 'expired', updatedAt = ?1
                    WHERE status = 'queued' AND broadcastId IS NULL AND route = ?2 AND expiresAt <= ?1
                    """,
                arguments: arguments
            )
            var expired = db.changesCount
            try db.execute(
                sql: """
                    UPDATE outboundMessage SET status = 'expired', updatedAt = ?1
                    WHERE broadcastId IN (SELECT id FROM broadcast WHERE route = ?2) AND status = 'queued' AND expiresAt <= ?1
                    """,
                arguments: arguments
            )
            expired += db.changesCount
            return expired
        }
    }

    /// Puts back in the queue every message whose lease ran out: its dispatcher died or
    /// hung. It may have reached the aggregator, so it can be sent twice, never lost.
    @discardableResult
    public func releaseExpiredLeases(now: Date) async throws -> Int {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(
                sql: """
                    UPDATE outboundMessage SET status = 'queued', leaseUntil = NULL, nextAttemptAt = ?1, updatedAt = ?1
                    WHERE status = 'sending' AND leaseUntil < ?1
                    """,
                arguments: [timestamp]
            )
            return db.changesCount
        }
    }

    /// Applies a delivery report to the message `route` sent under `report.messageId`
    /// (or, with `byRowId`, Tama's own id). Returns false when no message matches. A final
    /// report for an aggregator id not recorded yet is kept and applied when the send's
    /// answer is recorded, since aggregators can call back before they answer.
    @discardableResult
    public func recordDelivery(_ report: DeliveryReport, route: String, byRowId: Bool = false, at now: Date) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let match = byRowId ? "id = ? AND route = ?" : "aggregatorMessageId = ? AND route = ?"
            let key: DatabaseValueConvertible = byRowId ? (Int64(report.messageId) ?? -1) : report.messageId
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM outboundMessage WHERE \(match)", arguments: [key, route]) ?? false
            let (status, error): (String, String?)
            switch report.outcome {
            case .pending: return exists
            case .delivered: (status, error) = ("delivered", nil)
            case .failed(let reason): (status, error) = ("failed", reason)
            }
            guard exists else {
                if !byRowId {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO earlyDeliveryReport (route, aggregatorMessageId, status, error, receivedAt) VALUES (?, ?, ?, ?, ?)",
                        arguments: [route, report.messageId, status, error, timestamp]
                    )
                }
                return false
            }
            try Self.close(match, [key, route], status: status, error: error, at: timestamp, in: db)
            return true
        }
    }

    /// Forgets delivery reports that never found their message: the aggregator's id was
    /// not one Tama was given (a report for another system, a forged one).
    @discardableResult
    public func pruneEarlyDeliveryReports(before date: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM earlyDeliveryReport WHERE receivedAt < ?", arguments: [DatabaseTimestamp.text(date)])
            return db.changesCount
        }
    }

    static func applyEarlyReport(for aggregatorId: String, id: Int64, at timestamp: String, in db: Database) throws {
        guard
            let early = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        DELETE FROM earlyDeliveryReport WHERE aggregatorMessageId = ?
                        AND route = (SELECT route FROM outboundMessage WHERE id = ?)
                        RETURNING status, error
                        """
                ),
                arguments: [aggregatorId, id]
            )
        else { return }
        try close("id = ?", [id], status: early["status"], error: early["error"], at: timestamp, in: db)
    }

    /// Moves a sent message to its final status; a message already final stays as it is.
    static func close(_ match: String, _ arguments: StatementArguments, status: String, error: String?, at timestamp: String, in db: Database) throws {
        let delivered = status == "delivered" ? timestamp : nil
        try db.cachedStatement(
            sql: """
                UPDATE outboundMessage SET status = ?, error = IFNULL(?, error), deliveredAt = IFNULL(?, deliveredAt), updatedAt = ?
                WHERE \(match) AND status IN ('sent', 'sending')
                """
        ).execute(arguments: [status, error, delivered, timestamp] + arguments)
    }

    static func insertOutbound(_ message: OutgoingSMS, timestamp: String, in db: Database) throws {
        let values = outboundValues(message, sms: SMSText(message.text), expiresAt: DatabaseTimestamp.text(message.expiresAt), timestamp: timestamp)
        try db.cachedStatement(sql: insertOutboundSQL(rows: 1)).execute(arguments: StatementArguments(values))
    }
}

/// What waits to be sent on one route: how many messages, since when the oldest, and why
/// its last attempt failed, if it did.
public struct QueueBacklog: Sendable, Equatable {
    public var route: String
    public var waiting: Int
    public var oldestQueuedAt: Date
    public var lastError: String?
}

extension AppDatabase {
    /// Every route's backlog (queued or being sent), for `/metrics` and the console: a
    /// dead aggregator shows as a backlog that grows and an oldest message that ages.
    public func queueBacklog() async throws -> [QueueBacklog] {
        try await reader.read { db in
            try Row.fetchAll(
                db, sql: "SELECT route, COUNT(*) AS waiting, MIN(id) AS oldest FROM outboundMessage WHERE status IN ('queued', 'sending') GROUP BY route ORDER BY route"
            ).compactMap { row in
                guard let oldest = try Row.fetchOne(db, sql: "SELECT createdAt, error FROM outboundMessage WHERE id = ?", arguments: [row["oldest"] as Int64])
                else { return nil }
                return QueueBacklog(route: row["route"], waiting: row["waiting"], oldestQueuedAt: oldest["createdAt"], lastError: oldest["error"])
            }
        }
    }
}
