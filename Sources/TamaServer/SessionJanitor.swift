import Foundation
import Logging
import ServiceLifecycle
import TamaStore

/// Deletes USSD sessions a day after their last hop, hourly, so a national campaign's
/// millions of sessions do not pile up in the hot table.
struct SessionJanitor: Service {
    let database: AppDatabase
    let logger: Logger
    let now: @Sendable () -> Date
    var retention: TimeInterval = 24 * 3600
    var interval: Duration = .seconds(3600)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                do {
                    let deleted = try await database.pruneSessions(before: now().addingTimeInterval(-retention))
                    logger.info("pruned idle USSD sessions", metadata: ["deleted": "\(deleted)"])
                } catch {
                    logger.error("could not prune USSD sessions", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
