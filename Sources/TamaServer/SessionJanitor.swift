import Foundation
import Logging
import ServiceLifecycle
import TamaStore

/// Deletes USSD sessions a day after their last hop, hourly, so a national campaign's
/// millions of sessions do not pile up in the hot table; delivery reports that waited a
/// day for a message nobody sent; and console sessions a day after they ended.
struct SessionJanitor: Service {
    let database: AppDatabase
    let logger: Logger
    let now: @Sendable () -> Date
    var retention: TimeInterval = 24 * 3600
    var interval: Duration = .seconds(3600)
    /// Sessions per delete; each is its own short transaction.
    var batch = 1_000

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                do {
                    let before = now().addingTimeInterval(-retention)
                    var deleted = 0
                    while case let pruned = try await database.pruneSessions(before: before, limit: batch), pruned > 0 {
                        deleted += pruned
                        if pruned < batch { break }
                    }
                    let reports = try await database.pruneEarlyDeliveryReports(before: before)
                    let console = try await database.pruneConsoleSessions(before: before)
                    logger.info(
                        "pruned idle USSD sessions",
                        metadata: ["deleted": "\(deleted)", "unmatched reports": "\(reports)", "ended console sessions": "\(console)"]
                    )
                } catch {
                    logger.error("could not prune USSD sessions", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
