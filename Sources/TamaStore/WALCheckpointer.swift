import GRDB

/// Copies the write-ahead log into the database off the commit path.
///
/// Left to itself, SQLite checkpoints inside the commit that takes the WAL past 1,000
/// pages, fsyncs included, and every webhook waiting on that commit waits with it. Here
/// a connection of its own copies what the WAL holds while the writer goes on committing
/// (``copy()``), and the writer only copies what came during that copy (``finish()``), a
/// few pages, between two of its transactions, so that its next commit starts the WAL over
/// from its beginning. `journal_size_limit` then gives the file's excess back.
///
/// The writer's own checkpoint stays, at 4,096 pages (16 MiB) instead of 1,000, as a
/// safety net: a copy held up (one took a second, its fsync behind 200 MB/s of writes, and
/// the WAL reached 171 MiB in a test) costs a commit its checkpoint, not the disk.
public struct WALCheckpointer: Sendable {
    /// Where one checkpoint left the WAL, in pages.
    public struct Progress: Sendable, Equatable {
        /// Pages in the WAL since it last started over.
        public var pages: Int
        /// Those already in the database file.
        public var copied: Int

        public var left: Int { pages - copied }
    }

    private let connection: DatabaseQueue
    private let database: AppDatabase

    /// The WAL file shrinks back to this when it starts over.
    static let sizeLimit = 16 << 20

    /// Where the writer checkpoints by itself after a commit, when copies fell behind.
    static let safetyNetPages = 4_096

    /// Nil for a database in memory, which has no WAL.
    init?(database: AppDatabase) throws {
        let path = database.writer.path
        guard path != ":memory:", !path.isEmpty, database.writer is DatabasePool else { return nil }
        var configuration = Configuration()
        configuration.label = "checkpointer"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.database = database
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.safetyNetPages)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.sizeLimit)")
        }
    }

    /// Copies what the WAL holds now, without waiting for anyone or holding up the writer.
    public func copy() async throws -> Progress {
        try await connection.writeWithoutTransaction { db in Self.progress(try db.checkpoint(.passive)) }
    }

    /// Copies what is left on the writer, between its transactions: nothing is committed
    /// meanwhile, so unless a reader still reads old pages, the WAL starts over at the
    /// next commit.
    public func finish() async throws -> Progress {
        try await database.writeWithoutTransaction { db in Self.progress(try db.checkpoint(.passive)) }
    }

    private static func progress(_ result: (walFrameCount: Int, checkpointedFrameCount: Int)) -> Progress {
        Progress(pages: max(result.walFrameCount, 0), copied: max(result.checkpointedFrameCount, 0))
    }
}

extension AppDatabase {
    /// A checkpointer for this database: from then on the writer checkpoints by itself
    /// only past ``WALCheckpointer/safetyNetPages``; nil in memory.
    public func checkpointer() throws -> WALCheckpointer? {
        try WALCheckpointer(database: self)
    }
}
