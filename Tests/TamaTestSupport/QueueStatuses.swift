import GRDB
import TamaStore

/// How many outbound messages stand in each status: what the queue's tests assert on.
public func queueStatuses(_ database: AppDatabase) async throws -> [String: Int] {
    try await database.reader.read { db in
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM outboundMessage GROUP BY status").map {
            ($0["status"] as String, $0["n"] as Int)
        })
    }
}
