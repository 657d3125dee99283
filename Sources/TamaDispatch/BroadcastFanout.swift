import Foundation
import Logging
import ServiceLifecycle
import TamaStore

/// Turns scheduled broadcasts into queued messages when their time comes, a batch per
/// transaction, and marks them finished when nothing is left to send. The store keeps a
/// cursor per broadcast, so a restart half-way queues no one twice.
public struct BroadcastFanout: Service {
    let database: AppDatabase
    let logger: Logger
    let clock: DispatchClock
    /// Rows per transaction: large enough for speed, small enough that webhooks waiting
    /// for the writer are not held long.
    public var batch = 10_000
    /// How long a broadcast message stays worth sending.
    public var ttl: TimeInterval
    public var interval: TimeInterval = 1

    public init(database: AppDatabase, logger: Logger, ttl: TimeInterval, clock: DispatchClock = .system) {
        self.database = database
        self.logger = logger
        self.ttl = ttl
        self.clock = clock
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await pass()
            } catch is CancellationError {
                return
            } catch {
                logger.error("broadcast fan-out failed; trying again", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(interval) }
        }
    }

    /// Fans out every due broadcast as far as it goes, then closes finished ones. A
    /// broadcast whose fan-out fails for a reason that will not pass is marked failed with
    /// it; one that meets a passing trouble (a busy or full disk) waits for the next pass.
    /// Either way the broadcasts after it go on.
    public func pass() async throws {
        for id in try await database.broadcastsToFanOut(now: clock.now()) {
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            do {
                try await fanOut(id)
            } catch where AppDatabase.isTransient(error) {
                logger.warning("broadcast fan-out interrupted; trying again", metadata: ["broadcast": "\(id)", "error": "\(error)"])
            } catch {
                logger.error("broadcast fan-out failed; the broadcast is marked failed", metadata: ["broadcast": "\(id)", "error": "\(error)"])
                try await database.failBroadcast(id, reason: AppDatabase.reason(error), at: clock.now())
            }
        }
        let finished = try await database.finishBroadcasts(at: clock.now())
        if finished > 0 { logger.info("broadcasts finished", metadata: ["count": "\(finished)"]) }
    }

    private func fanOut(_ id: Int64) async throws {
        var covered = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let batchCovered = try await database.fanOut(broadcast: id, batch: batch, ttl: ttl, at: clock.now())
            if batchCovered == 0 { break }
            covered += batchCovered
        }
        if covered > 0 { logger.info("broadcast fanned out", metadata: ["broadcast": "\(id)", "subscribers covered": "\(covered)"]) }
    }
}
