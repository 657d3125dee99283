import Logging
import ServiceLifecycle
import TamaStore

/// Keeps the WAL short without any commit waiting on a checkpoint (``WALCheckpointer``).
///
/// Every `interval`, or 5 ms while the WAL keeps filling, it copies what the WAL holds on
/// its own connection. Once the WAL holds `restartPages` or more, the writer copies what
/// came meanwhile and the WAL starts over; the writer then pauses for a few hundred pages
/// and two fsyncs (3-4 ms measured), not for the whole WAL as inside SQLite's own
/// checkpoint. So the WAL stays near what one interval and one copy write, however long
/// the writes go on: at most 10.5 MiB under `scripts/bench sms-in`, whose webhooks' p99
/// went from 9.5-10.5 ms to 6.5 ms. Every 100 ms, the WAL reached 20 MiB.
struct WALCheckpoints: Service {
    let checkpointer: WALCheckpointer
    let metrics: TamaMetrics
    let logger: Logger
    var interval: Duration = .milliseconds(25)
    /// SQLite's own threshold: 1,000 pages, 4 MiB.
    var restartPages = 1_000

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var busy = false
            while true {
                // While writes keep the WAL growing, the next copy starts almost at once
                // (not quite: a reader holding old pages stops the WAL from starting over,
                // and copying would then go round without rest).
                try await Task.sleep(for: busy ? .milliseconds(5) : interval)
                do {
                    let copied = try await checkpointer.copy()
                    busy = copied.pages >= restartPages
                    if busy, case let finished = try await checkpointer.finish(), finished.left == 0 { metrics.walRestarts.increment() }
                } catch {
                    // A full disk fails every copy: once a second is enough to say so.
                    busy = false
                    logger.error("could not checkpoint the WAL; trying again in a second", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }
    }
}
