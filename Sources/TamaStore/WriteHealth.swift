import Foundation
import GRDB
import Synchronization

/// Whether the database takes writes: the last write that could not reach the disk
/// (full, or failing) and since when, until one does again. `/health` reads it, so an
/// operator sees "disk full" rather than a green light while every webhook gets a 503.
public final class WriteHealth: Sendable {
    public struct Failure: Sendable, Equatable {
        public var since: Date
        public var reason: String
    }

    private let failure = Mutex<Failure?>(nil)

    public init() {}

    public var current: Failure? { failure.withLock { $0 } }

    /// Notes how a write ended: a success clears a failure; a disk that cannot take the
    /// write sets one (its first moment is kept); any other error says nothing of the disk.
    func record(_ error: (any Error)?) {
        guard let error else {
            failure.withLock { $0 = nil }
            return
        }
        guard Self.isDiskFailure(error) else { return }
        failure.withLock { $0 = $0 ?? Failure(since: Date(), reason: AppDatabase.reason(error)) }
    }

    static func isDiskFailure(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode)
    }
}

extension AppDatabase {
    /// Every write of the store goes through here, so ``WriteHealth`` knows whether the
    /// disk takes them.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        do {
            let result = try await writer.write(updates)
            health.record(nil)
            return result
        } catch {
            health.record(error)
            throw error
        }
    }

    /// Why the database cannot serve, or nil when it can: a read must answer, and after a
    /// write failed for want of disk, a write that needs one more page than the file has
    /// free must now pass (and is removed again), so the answer turns green by itself once
    /// space is back, and not before.
    public func unavailability() async -> String? {
        do {
            try await ping()
        } catch {
            return "the database cannot be read: \(Self.reason(error))"
        }
        guard let failure = health.current else { return nil }
        do {
            try await write { db in
                // Past 256 free pages, the writes waiting for disk would fit in them too.
                let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4_096
                try db.execute(sql: "INSERT INTO writeProbe (padding) VALUES (zeroblob(?))", arguments: [min(free + 1, 257) * pageSize])
                try db.execute(sql: "DELETE FROM writeProbe")
            }
            return nil
        } catch {
            return "the database cannot write since \(DatabaseTimestamp.text(failure.since)) UTC: \(failure.reason)"
        }
    }
}
