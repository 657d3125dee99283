import GRDB
import TamaCore

/// What every hop and every message reads and what hardly ever changes: the hosts'
/// commands on quiz questions, and the number the next citizen question gets. Each is
/// read once and kept until its table changes, so a radio peak's hops stop reading the
/// same rows again inside the serialized writer.
///
/// Kept true two ways. As a transaction observer on the writer, it hears every change
/// this process makes, in the transaction that makes it, and forgets what a rollback
/// may have undone. `PRAGMA data_version` tells it, once per transaction, that another
/// process committed (a host's `tama quiz open` from a shell).
///
/// Touched only on the writer's serial queue, so it needs no lock.
final class WriterCache: TransactionObserver, @unchecked Sendable {
    private var quizStates: QuizStates?
    private var nextQuestionNumber: Int?
    /// The file's version when the values above were read.
    private var dataVersion: Int?
    /// Whether the current transaction has checked `dataVersion`: no other process can
    /// commit while the writer holds its transaction.
    private var checkedInTransaction = false

    /// The hosts' commands on every question, as of `db`'s transaction.
    func quizStates(in db: Database) throws -> QuizStates {
        try forgetOtherProcessesChanges(db)
        if let quizStates { return quizStates }
        let states = try AppDatabase.quizStates(in: db)
        quizStates = states
        return states
    }

    /// The reference the next citizen question gets, as of `db`'s transaction, so the
    /// number a citizen is shown is the one officials see.
    func nextQuestionNumber(in db: Database) throws -> Int {
        try forgetOtherProcessesChanges(db)
        if let nextQuestionNumber { return nextQuestionNumber }
        let number = try Int.fetchOne(db.cachedStatement(sql: "SELECT IFNULL(MAX(id), 0) + 1 FROM citizenQuestion"))!
        nextQuestionNumber = number
        return number
    }

    private func forgetOtherProcessesChanges(_ db: Database) throws {
        guard !(checkedInTransaction && db.isInsideTransaction) else { return }
        let version = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version"))!
        if version != dataVersion {
            forgetAll()
            dataVersion = version
        }
        checkedInTransaction = db.isInsideTransaction
    }

    private func forgetAll() {
        quizStates = nil
        nextQuestionNumber = nil
    }

    /// Only the changes that can move a kept value: a question's state (not when it was
    /// announced), and a citizen question added or removed (not routed, answered, rated:
    /// every message about a question updates its row). Statements that change nothing
    /// kept then run with no change hook at all.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table), .delete(let table): table == "quizQuestion" || table == "citizenQuestion"
        case .update(let table, let columns): table == "quizQuestion" && columns.contains("state")
        }
    }

    func databaseDidChange(with event: DatabaseEvent) {
        if event.tableName == "quizQuestion" { quizStates = nil } else { nextQuestionNumber = nil }
    }

    func databaseDidCommit(_ db: Database) {
        checkedInTransaction = false
    }

    func databaseDidRollback(_ db: Database) {
        forgetAll()
        checkedInTransaction = false
    }
}
