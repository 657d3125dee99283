import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// What registering a sheet of officials did.
    public struct RegistryCounts: Sendable, Equatable, Codable {
        public var added = 0
        public var updated = 0

        public init(added: Int = 0, updated: Int = 0) {
            self.added = added
            self.updated = updated
        }
    }

    /// Registers `officials`, found again by their phone number: a sheet imported twice
    /// updates. An official who had left office and is listed again is back in it.
    public func registerOfficials(_ officials: [Official], actor: String, role: Role?, at now: Date) async throws -> RegistryCounts {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            var counts = RegistryCounts()
            for official in officials {
                let known = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM official WHERE phone = ?"), arguments: [official.phone.e164]) ?? false
                try db.cachedStatement(
                    sql: """
                        INSERT INTO official (name, office, commune, phone, languages, topics, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (phone) DO UPDATE SET name = excluded.name, office = excluded.office, commune = excluded.commune,
                            languages = excluded.languages, topics = excluded.topics, updatedAt = excluded.updatedAt, retiredAt = NULL
                        """
                ).execute(arguments: [
                    official.name, official.office.rawValue, official.commune, official.phone.e164,
                    official.languages.map(\.rawValue).joined(separator: "|"), official.topics?.joined(separator: "|"), timestamp, timestamp,
                ])
                if known { counts.updated += 1 } else { counts.added += 1 }
            }
            try Self.audit(
                actor: actor, role: role, action: "officials.register", target: nil,
                detail: ["added": "\(counts.added)", "updated": "\(counts.updated)"], at: timestamp, in: db
            )
            return counts
        }
    }

    /// The registry, by commune then name; those who left office only when asked for.
    public func officials(includingRetired: Bool = false) async throws -> [RegisteredOfficial] {
        try await reader.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM official \(includingRetired ? "" : "WHERE retiredAt IS NULL") ORDER BY commune, name, id"
            ).compactMap(Self.registered)
        }
    }

    /// The official registered with `phone`, in office or not.
    public func official(phone: PhoneNumber) async throws -> RegisteredOfficial? {
        try await reader.read { db in try Self.official(phone: phone, in: db) }
    }

    static func official(phone: PhoneNumber, in db: Database) throws -> RegisteredOfficial? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM official WHERE phone = ?"), arguments: [phone.e164]).flatMap(Self.registered)
    }

    public func official(id: Int64) async throws -> RegisteredOfficial? {
        try await reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM official WHERE id = ?", arguments: [id]).flatMap(Self.registered)
        }
    }

    /// Marks official `id` as having left office, and revokes their tokens: no new
    /// question reaches them, and what they answered stays theirs. False when no official
    /// `id` is in office.
    public func retireOfficial(id: Int64, actor: String, role: Role?, at now: Date) async throws -> Bool {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            try db.execute(sql: "UPDATE official SET retiredAt = ?, updatedAt = ? WHERE id = ? AND retiredAt IS NULL", arguments: [timestamp, timestamp, id])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE officialId = ? AND revokedAt IS NULL", arguments: [timestamp, id])
            try Self.audit(actor: actor, role: role, action: "official.retire", target: "official \(id)", detail: nil, at: timestamp, in: db)
            return true
        }
    }

    static func registered(_ row: Row) -> RegisteredOfficial? {
        guard let office = Office(rawValue: row["office"]), let phone = PhoneNumber(row["phone"] as String) else { return nil }
        let languages = (row["languages"] as String).split(separator: "|").map { Language(rawValue: String($0)) }
        let topics = (row["topics"] as String?).map { $0.split(separator: "|").map(String.init) }
        return RegisteredOfficial(
            id: row["id"],
            official: Official(name: row["name"], office: office, commune: row["commune"], phone: phone, languages: languages, topics: topics),
            retiredAt: row["retiredAt"]
        )
    }
}
