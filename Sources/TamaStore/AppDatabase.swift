import Foundation
import GRDB

/// Tama's database: every query the daemon runs is a method here, so a second backend
/// (PostgreSQL, for several replicas) replaces this module and nothing else. Writes go
/// only through the intent-named methods: the writer is this module's own.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    let commits: GroupCommit
    /// Whether writes reach the disk, for `/health`.
    let health = WriteHealth()
    /// What hops and messages read with each one, kept by the writer.
    let cache = WriterCache()

    /// Wraps `writer` and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        try AppDatabase.migrator.migrate(writer)
        writer.add(transactionObserver: cache, extent: .databaseLifetime)
        self.writer = writer
        self.commits = GroupCommit(writer: writer, health: health)
    }

    /// Reads for tests and tools that look at what the store holds.
    public var reader: any DatabaseReader { writer }

    /// The writer itself, for the benchmarks' yardsticks only (`scripts/bench ussd`'s
    /// one-row route): nothing in the daemon writes around the methods here.
    @_spi(Benchmarks) public var benchmarkWriter: any DatabaseWriter { writer }

    /// The database file at `path`, created if missing, in WAL mode.
    ///
    /// `synchronous = NORMAL` in WAL survives a killed process with every committed
    /// transaction intact; only a power cut can lose the last ones, in exchange for
    /// several times the commit rate at a radio peak.
    public static func open(path: String) throws -> AppDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -\(AppDatabase.cacheKiB)")
        }
        return try AppDatabase(DatabasePool(path: path, configuration: configuration))
    }

    /// Page cache per connection: SQLite's default 2 MiB makes a broadcast's audience
    /// lookups read the operating system's cache row by row.
    static let cacheKiB = 16_384

    /// A private database in memory, for tests and the terminal phone.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }
}
