import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// What an import changed.
    public struct ImportCounts: Sendable, Equatable {
        public var added = 0
        public var updated = 0
        /// Numbers whose owners asked to be erased: left out.
        public var erased = 0
    }

    /// Adds or updates `rows`, in transactions of ``enqueueBatch``. A re-import updates
    /// what the file gives and keeps the rest: an empty cell erases nothing, and a STOP or
    /// an unsubscription stays, because a contact list is not consent to override them.
    /// With `campaign`, every row is subscribed to it unless it left it before.
    @discardableResult
    public func importSubscribers(_ rows: [SubscriberRow], campaign: String?, at now: Date) async throws -> ImportCounts {
        var counts = ImportCounts()
        for start in stride(from: 0, to: rows.count, by: Self.enqueueBatch) {
            let batch = rows[start..<min(start + Self.enqueueBatch, rows.count)]
            let batchCounts = try await write { db in try Self.importBatch(batch, campaign: campaign, at: now, in: db) }
            counts.added += batchCounts.added
            counts.updated += batchCounts.updated
            counts.erased += batchCounts.erased
        }
        return counts
    }

    static func importBatch(_ rows: ArraySlice<SubscriberRow>, campaign: String?, at now: Date, in db: Database) throws -> ImportCounts {
        let timestamp = DatabaseTimestamp.text(now)
        var counts = ImportCounts()
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO subscriber (phone, name, language, commune, consentedAt, source, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (phone) DO UPDATE SET
                    name = IFNULL(excluded.name, name), language = IFNULL(excluded.language, language),
                    commune = IFNULL(excluded.commune, commune), consentedAt = IFNULL(excluded.consentedAt, consentedAt),
                    source = IFNULL(source, excluded.source), updatedAt = excluded.updatedAt
                RETURNING id, createdAt = updatedAt
                """
        )
        let clearTags = try db.cachedStatement(sql: "DELETE FROM subscriberTag WHERE subscriberId = ?")
        let addTag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO subscriberTag (subscriberId, tag) VALUES (?, ?)")
        let subscribe = try db.cachedStatement(
            sql: """
                INSERT INTO subscription (subscriberId, campaign, status, source, subscribedAt, updatedAt)
                VALUES (?, ?, 'active', 'import', ?, ?)
                ON CONFLICT (subscriberId, campaign) DO NOTHING
                """
        )
        let erased = try db.cachedStatement(sql: "SELECT 1 FROM erasedNumber WHERE hash = ?")
        // Hashing and looking up every number took an import from 39k to 16k rows/s: only
        // when someone was erased.
        let anyErased = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM erasedNumber)") ?? false
        for row in rows {
            if anyErased, try Bool.fetchOne(erased, arguments: [erasureHash(row.phone)]) == true {
                counts.erased += 1
                continue
            }
            let result = try Row.fetchOne(
                upsert,
                arguments: [
                    row.phone.e164, row.name, row.language?.rawValue, row.commune, row.consentedAt.map(DatabaseTimestamp.text),
                    row.source, timestamp, timestamp,
                ]
            )!
            let id: Int64 = result[0]
            // RETURNING sees the row as written: only a row created now has both times equal.
            if result[1] as Bool {
                counts.added += 1
            } else {
                counts.updated += 1
            }
            if let tags = row.tags {
                try clearTags.execute(arguments: [id])
                for tag in tags { try addTag.execute(arguments: [id, tag]) }
            }
            if let campaign { try subscribe.execute(arguments: [id, campaign, timestamp, timestamp]) }
        }
        return counts
    }

    /// Every subscriber as CSV lines (header first), in phone order, to `write`.
    public func exportSubscribers(separator: Character = ",", _ write: @Sendable (String) throws -> Void) async throws {
        let csv = CSVReader(separator: separator)
        try await reader.read { db in
            try write(csv.line(["phone", "name", "language", "commune", "tags", "status", "consented_at", "source"]))
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT phone, name, language, commune, optedOutAt IS NOT NULL AS optedOut, consentedAt, source,
                        (SELECT group_concat(tag, '|') FROM (SELECT tag FROM subscriberTag WHERE subscriberId = subscriber.id ORDER BY tag)) AS tags
                    FROM subscriber ORDER BY phone
                    """
            )
            while let row = try rows.next() {
                try write(
                    csv.line([
                        row["phone"], row["name"] ?? "", row["language"] ?? "", row["commune"] ?? "", row["tags"] ?? "",
                        (row["optedOut"] as Bool) ? "opted_out" : "active", (row["consentedAt"] as String?).map { String($0.prefix(16)) } ?? "",
                        row["source"] ?? "",
                    ])
                )
            }
        }
    }
}
