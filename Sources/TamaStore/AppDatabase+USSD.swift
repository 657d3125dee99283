import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Runs one USSD hop as one transaction: reads the hop's session and what the engine
    /// needs, lets `step` decide, stores the new session with all its effects, and
    /// returns once that is committed, so a reply is never sent for a hop that could
    /// still be lost. A repeated hop writes nothing.
    ///
    /// All of it runs inside the serialized writer, so nothing can move between the read
    /// and the write. (Reading outside it and checking versions at write time was tried:
    /// GRDB's pooled reads cost more than the work they moved, 4.4k hops/s against 7.7k.)
    ///
    /// What the hop's effects send (a question's notices to officials) goes by `route`,
    /// else by the aggregator the hop came from.
    @discardableResult
    public func applyHop(
        _ hop: USSDHop, route: String? = nil, at now: Date,
        step: @escaping @Sendable (_ stored: Session?, _ context: HopContext) -> Step
    ) async throws -> Step {
        try await commits.perform { [cache] db in
            let snapshot = try HopSnapshot(hop, at: now, cache: cache, in: db)
            let result = step(snapshot.session, snapshot.context)
            if result.kind != .repeated {
                try snapshot.save(result, for: hop, route: route ?? hop.aggregator, at: now, in: db)
            }
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

    /// Forgets sessions idle since before `date`, at most `limit` of them, and returns
    /// how many. They only serve aggregator retries and back keys, both over within
    /// minutes; their effects live in their own tables. A small limit keeps each delete
    /// short, so hops waiting for the writer are never held long: 200,000 at once held it
    /// for 1.3 s.
    @discardableResult
    public func pruneSessions(before date: Date, limit: Int) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM ussdSession WHERE id IN (SELECT id FROM ussdSession WHERE updatedAt < ? LIMIT ?)",
                arguments: [DatabaseTimestamp.text(date), limit]
            )
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
