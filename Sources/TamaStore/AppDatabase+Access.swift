import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Stores a token by its hash, with an audit line, and returns its record.
    /// A token of role `official` speaks for one registered official (`official`), and
    /// only that role does.
    public func createToken(
        label: String, role: Role, hash: String, official: Int64? = nil, actor: String, actorRole: Role? = nil, at now: Date
    ) async throws -> APIToken {
        guard (role == .official) == (official != nil) else { throw AccessProblem.officialTokenNeedsOfficial }
        return try await write { db in
            if let official, try Int.fetchOne(db, sql: "SELECT 1 FROM official WHERE id = ? AND retiredAt IS NULL", arguments: [official]) == nil {
                throw AccessProblem.noSuchOfficial(official)
            }
            let timestamp = DatabaseTimestamp.text(now)
            let id = try Int64.fetchOne(
                db, sql: "INSERT INTO apiToken (label, role, hash, officialId, createdAt) VALUES (?, ?, ?, ?, ?) RETURNING id",
                arguments: [label, role.rawValue, hash, official, timestamp]
            )!
            var detail = ["label": label, "role": role.rawValue]
            detail["official"] = official.map(String.init)
            try Self.audit(actor: actor, role: actorRole, action: "token.create", target: "token \(id)", detail: detail, at: timestamp, in: db)
            return APIToken(id: id, label: label, role: role, createdAt: timestamp, official: official)
        }
    }

    /// The live token with `hash`, or nil (unknown or revoked).
    public func token(hash: String) async throws -> APIToken? {
        try await reader.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM apiToken WHERE hash = ? AND revokedAt IS NULL"), arguments: [hash])
                .flatMap(Self.apiToken)
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM apiToken ORDER BY id").compactMap(Self.apiToken)
        }
    }

    /// A token as an `apiToken` row holds it (never its hash).
    static func apiToken(_ row: Row) -> APIToken? {
        Role(rawValue: row["role"]).map {
            APIToken(
                id: row["id"], label: row["label"], role: $0, createdAt: row["createdAt"], revokedAt: row["revokedAt"], official: row["officialId"]
            )
        }
    }

    /// Revokes token `id`; false when there is no such live token.
    @discardableResult
    public func revokeToken(id: Int64, actor: String, actorRole: Role? = nil, at now: Date) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [timestamp, id])
            guard db.changesCount > 0 else { return false }
            try Self.audit(actor: actor, role: actorRole, action: "token.revoke", target: "token \(id)", detail: nil, at: timestamp, in: db)
            return true
        }
    }

    /// One line of the audit log, in the caller's transaction: a change and its record
    /// commit together or not at all.
    static func audit(
        actor: String, role: Role?, action: String, target: String?, detail: [String: String]?, at timestamp: String, in db: Database
    ) throws {
        let json = try detail.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        try db.cachedStatement(sql: "INSERT INTO auditLog (at, actor, role, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [timestamp, actor, role?.rawValue, action, target, json])
    }
}

extension AppDatabase {
    public struct AuditLine: Sendable, Codable, Equatable {
        public var at: String
        public var actor: String
        public var role: String?
        public var action: String
        public var target: String?
        public var detail: String?
    }

    /// The latest `limit` lines of the audit log, newest first.
    public func auditLog(limit: Int) async throws -> [AuditLine] {
        try await reader.read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, role, action, target, detail FROM auditLog ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { AuditLine(at: $0["at"], actor: $0["actor"], role: $0["role"], action: $0["action"], target: $0["target"], detail: $0["detail"]) }
        }
    }

    /// Writes one audit line on its own, for actions whose change is elsewhere.
    public func audit(actor: String, role: Role?, action: String, target: String?, detail: [String: String]?, at now: Date) async throws {
        try await write { db in
            try Self.audit(actor: actor, role: role, action: action, target: target, detail: detail, at: DatabaseTimestamp.text(now), in: db)
        }
    }
}

/// Why a token cannot be made, as the one making it can act on it.
public enum AccessProblem: Error, Equatable, CustomStringConvertible {
    case officialTokenNeedsOfficial
    case noSuchOfficial(Int64)

    public var description: String {
        switch self {
        case .officialTokenNeedsOfficial: "a token of role official, and only one, speaks for a registered official: name the official"
        case .noSuchOfficial(let id): "there is no official \(id) in office"
        }
    }
}
