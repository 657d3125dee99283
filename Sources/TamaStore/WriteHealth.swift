import Foundation
import GRDB
import Synchronization

/// Whether the database takes writes: the first write that could not reach the disk
/// (full, or failing) since the last time a probe showed it could. `/health` reads it, so
/// an operator sees "disk full" rather than a green light while every webhook gets a 503.
/// Only the probe clears it: a small write that fits in pages the file already has says
/// nothing about the disk.
public final class WriteHealth: Sendable {
    public struct Failure: Sendable, Equatable {
        public var since: Date
        public var reason: String
    }

    private let failure = Mutex<Failure?>(nil)

    public init() {}

    public var current: Failure? { failure.withLock { $0 } }

    /// Notes a write that failed; only a disk that cannot take it counts.
    func failed(_ error: any Error) {
        guard Self.isDiskFailure(error) else { return }
        failure.withLock { $0 = $0 ?? Failure(since: Date(), reason: AppDatabase.reason(error)) }
    }

    func recovered() {
        failure.withLock { $0 = nil }
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
        try await notingDiskFailures { try await writer.write(updates) }
    }

    /// ``write(_:)`` for work that opens its own transactions.
    func writeWithoutTransaction<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await notingDiskFailures { try await writer.writeWithoutTransaction(updates) }
    }

    private func notingDiskFailures<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch {
            health.failed(error)
            throw error
        }
    }

    /// Why the database cannot serve, or nil when it can: a read must answer, and after a
    /// write failed for want of disk, a write that needs eight more pages than the file has
    /// free must now pass (and is removed again), so the answer turns green by itself once
    /// space is back, and not before. Eight, not one: a webhook's row can split a page in
    /// its table and in each of its indexes, and with room for one page only, `/health`
    /// said ok while every webhook was refused.
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
                try db.execute(sql: "INSERT INTO writeProbe (padding) VALUES (zeroblob(?))", arguments: [min(free + 8, 257) * pageSize])
                try db.execute(sql: "DELETE FROM writeProbe")
            }
            health.recovered()
            return nil
        } catch {
            return "the database cannot write since \(DatabaseTimestamp.text(failure.since)) UTC: \(failure.reason)"
        }
    }
}
