import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Opens a console session for `token`, known by the SHA-256 `hash` of its secret,
    /// until `expiresAt`, with its audit line.
    public func openConsoleSession(hash: String, token: APIToken, expiresAt: Date, at now: Date) async throws {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(
                sql: "INSERT INTO consoleSession (hash, apiTokenId, createdAt, expiresAt) VALUES (?, ?, ?, ?)",
                arguments: [hash, token.id, timestamp, DatabaseTimestamp.text(expiresAt)]
            )
            try Self.audit(actor: token.actor, role: token.role, action: "console.login", target: nil, detail: nil, at: timestamp, in: db)
        }
    }

    /// The token behind the live session with `hash`: not signed out, not expired, and
    /// its token not revoked.
    public func consoleSession(hash: String, at now: Date) async throws -> APIToken? {
        try await reader.read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT t.* FROM consoleSession s JOIN apiToken t ON t.id = s.apiTokenId
                        WHERE s.hash = ? AND s.revokedAt IS NULL AND s.expiresAt > ? AND t.revokedAt IS NULL
                        """
                ),
                arguments: [hash, DatabaseTimestamp.text(now)]
            ).flatMap(Self.apiToken)
        }
    }

    /// Signs the session with `hash` out for good, with its audit line.
    public func closeConsoleSession(hash: String, token: APIToken, at now: Date) async throws {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(sql: "UPDATE consoleSession SET revokedAt = ? WHERE hash = ? AND revokedAt IS NULL", arguments: [timestamp, hash])
            try Self.audit(actor: token.actor, role: token.role, action: "console.logout", target: nil, detail: nil, at: timestamp, in: db)
        }
    }

    /// Forgets sessions that ended before `date`.
    @discardableResult
    public func pruneConsoleSessions(before date: Date) async throws -> Int {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(date)
            try db.execute(sql: "DELETE FROM consoleSession WHERE expiresAt < ? OR revokedAt < ?", arguments: [timestamp, timestamp])
            return db.changesCount
        }
    }
}
