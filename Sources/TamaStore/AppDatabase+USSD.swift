import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Runs one USSD hop as one transaction: reads the hop's session and what the engine
    /// needs, lets `step` decide, stores the new session with all its effects, and
    /// returns once that is committed, so a reply is never sent for a hop that could
    /// still be lost. A repeated hop writes nothing.
    public func applyHop(
        _ hop: USSDHop, at now: Date,
        step: @escaping @Sendable (_ stored: Session?, _ context: HopContext) -> Step
    ) async throws -> Step {
        try await commits.perform { db in
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(StoredSession.columns) FROM ussdSession WHERE aggregator = ? AND externalId = ?"),
                arguments: [hop.aggregator, hop.sessionID]
            )
            let stored = try row.map(StoredSession.session(from:))
            let context = HopContext(
                text: hop.text,
                knownLanguage: try AppDatabase.language(of: hop.phone, in: db),
                nextQuestionNumber: try Int.fetchOne(db.cachedStatement(sql: "SELECT IFNULL(MAX(id), 0) + 1 FROM citizenQuestion"))!,
                now: now
            )
            let result = step(stored, context)
            guard result.kind != .repeated else { return result }

            let timestamp = DatabaseTimestamp.text(now)
            var values = try StoredSession.values(of: result.session)
            if let id: Int64 = row?[0] {
                values += [timestamp, id]
                try db.cachedStatement(sql: StoredSession.update).execute(arguments: StatementArguments(values))
            } else {
                values += [hop.aggregator, hop.sessionID, hop.phone.e164, hop.serviceCode, hop.network, timestamp, timestamp]
                try db.cachedStatement(sql: StoredSession.insert).execute(arguments: StatementArguments(values))
            }
            try EffectWriter.apply(result.effects, phone: hop.phone, channel: .ussd, at: timestamp, in: db)
            return result
        }
    }

    /// The language remembered for `phone`, for the apology when a hop fails.
    public func language(of phone: PhoneNumber) async throws -> Language? {
        try await reader.read { db in try AppDatabase.language(of: phone, in: db) }
    }

    /// Sessions that have not ended and moved within `since`: callers in a menu right now.
    public func openSessionCount(since: Date) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM ussdSession WHERE ended = 0 AND updatedAt > ?",
                arguments: [DatabaseTimestamp.text(since)]
            )!
        }
    }

    /// Forgets sessions idle since before `date`. They only serve aggregator retries and
    /// back keys, both over within minutes; their effects live in their own tables.
    @discardableResult
    public func pruneSessions(before date: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM ussdSession WHERE updatedAt < ?", arguments: [DatabaseTimestamp.text(date)])
            return db.changesCount
        }
    }

    /// Whether the database answers a query.
    public func ping() async throws {
        _ = try await reader.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    static func language(of phone: PhoneNumber, in db: Database) throws -> Language? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT language FROM subscriber WHERE phone = ?"), arguments: [phone.e164])
            .map(Language.init(rawValue:))
    }
}
