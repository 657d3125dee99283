import GRDB
import Synchronization

/// Commits many concurrent writes in one transaction.
///
/// Each hop must be committed before its reply, and one commit per hop caps a radio peak
/// at SQLite's commit rate. Here every job joins a queue; one write block on GRDB's
/// serial writer takes everything queued, runs each job in its own savepoint (a failing
/// hop rolls back alone), commits once, and only then resumes the callers. Jobs that
/// arrive meanwhile form the next batch, so batches grow with load and a lone request
/// waits for nobody.
final class GroupCommit: Sendable {
    private let writer: any DatabaseWriter
    private let state = Mutex(State())

    private struct State {
        var pending: [Job] = []
        var drainScheduled = false
    }

    private struct Job: Sendable {
        /// Runs the work inside the batch's transaction and keeps its outcome.
        let run: @Sendable (Database) -> Void
        /// Resumes the caller once the batch has committed, or with the commit's error.
        let finish: @Sendable ((any Error)?) -> Void
    }

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in a transaction shared with concurrent callers and returns its result
    /// once that transaction is committed.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            let job = Job(
                run: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try work(db)
                            return .commit
                        }
                        outcome.result = .success(value!)
                    } catch {
                        outcome.result = .failure(error)
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.result!)
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
        let jobs = state.withLock { state in
            state.drainScheduled = false
            defer { state.pending = [] }
            return state.pending
        }
        var failure: (any Error)?
        do {
            try db.inTransaction(.immediate) {
                for job in jobs { job.run(db) }
                return .commit
            }
        } catch {
            failure = error
        }
        for job in jobs { job.finish(failure) }
    }
}

/// A job's result between its run and its commit; both happen on the writer's serial
/// queue, one after the other, so it needs no lock.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
