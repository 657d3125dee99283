import Foundation
import GRDB

/// What a backup wrote.
public struct BackupSummary: Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    public var pages: Int
}

/// Why a backup was not taken.
public enum BackupFailure: Error, Equatable, CustomStringConvertible {
    case exists(String)
    case check(String, String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists already; name a new file, or move the old one away first"
        case .check(let path, let result): "the copy at \(path) failed SQLite's quick_check (\(result.prefix(200))); it was removed"
        }
    }
}

extension AppDatabase {
    /// A consistent copy of the whole database at `path`, taken while the daemon goes on
    /// writing: SQLite's online backup inside one read transaction, so the copy is the
    /// database as it stood when the read began, and writers never wait for it (WAL).
    /// The copy is written beside `path`, checked with `quick_check`, made a single file
    /// (rollback journal, no `-wal` to carry along), and only then renamed into place: a
    /// crash midway leaves a `.partial` file, never a half backup under the real name.
    public func backup(to path: String) async throws -> BackupSummary {
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupFailure.exists(path) }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let copy = try DatabaseQueue(path: partial)
            try await reader.read { db in
                try copy.writeWithoutTransaction { destination in try db.backup(to: destination) }
            }
            let (pages, check) = try await copy.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                return (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0, try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "")
            }
            try copy.close()
            guard check == "ok" else { throw BackupFailure.check(path, check) }
            guard rename(partial, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
            return BackupSummary(path: path, bytes: bytes, pages: pages)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}
