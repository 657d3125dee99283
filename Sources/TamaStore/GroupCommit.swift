import GRDB
import Synchronization

/// Commits many concurrent writes in one transaction.
///
/// Each hop must be committed before its reply, and one commit per hop caps a radio peak
/// at SQLite's commit rate. Here every job joins a queue; one write block on GRDB's
/// serial writer takes everything queued, runs the jobs one after the other in one
/// transaction, commits once, and only then resumes the callers. Jobs that arrive
/// meanwhile form the next batch, so batches grow with load and a lone request waits
/// for nobody.
///
/// Open to the benchmarks (`@_spi(Benchmarks)`) so that `scripts/bench ussd` can measure the
/// least any durable route pays, one row per request through this same path, next to
/// what a whole hop pays.
///
/// A job that throws must not take the others down: the batch is rolled back and run
/// again without it. That costs a second run on the rare failure instead of a savepoint
/// around every job, which measured as a tenth of the writer's time.
@_spi(Benchmarks) public final class GroupCommit: Sendable {
    private let writer: any DatabaseWriter
    private let health: WriteHealth
    private let state = Mutex(State())

    private struct State {
        var pending: [Job] = []
        var drainScheduled = false
    }

    private struct Job: Sendable {
        /// Runs the work inside the batch's transaction; throws what the work throws.
        let run: @Sendable (Database) throws -> Void
        /// Resumes the caller once the batch has committed, or with the error that
        /// excluded it.
        let finish: @Sendable ((any Error)?) -> Void
    }

    public init(writer: any DatabaseWriter, health: WriteHealth = WriteHealth()) {
        self.writer = writer
        self.health = health
    }

    /// Runs `work` in a transaction shared with concurrent callers and returns its result
    /// once that transaction is committed.
    public func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            let job = Job(
                run: { db in outcome.value = try work(db) },
                finish: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else {
                        continuation.resume(returning: outcome.value!)
                    }
                }
            )
            let mustSchedule = state.withLock { state in
                state.pending.append(job)
                defer { state.drainScheduled = true }
                return !state.drainScheduled
            }
            if mustSchedule {
                writer.asyncWriteWithoutTransaction { db in self.drain(db) }
            }
        }
    }

    private func drain(_ db: Database) {
        var jobs = state.withLock { state in
            state.drainScheduled = false
            defer { state.pending = [] }
            return state.pending
        }
        while !jobs.isEmpty {
            var failed: (index: Int, error: any Error)?
            do {
                try db.inTransaction(.immediate) {
                    for (index, job) in jobs.enumerated() {
                        do {
                            try job.run(db)
                        } catch {
                            failed = (index, error)
                            return .rollback
                        }
                    }
                    return .commit
                }
            } catch {
                // The commit itself failed: nothing of the batch is stored.
                health.failed(error)
                for job in jobs { job.finish(error) }
                return
            }
            guard let failed else {
                for job in jobs { job.finish(nil) }
                return
            }
            health.failed(failed.error)
            jobs.remove(at: failed.index).finish(failed.error)
        }
    }
}

/// A job's result between its run and its commit; both happen on the writer's serial
/// queue, one after the other, so it needs no lock.
private final class Outcome<T>: @unchecked Sendable {
    var value: T?
}
