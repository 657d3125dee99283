import GRDB

extension AppDatabase {
    /// Whether `error` may pass by itself (the database busy, the disk full or failing)
    /// rather than say something is wrong with what was asked. Work that fails this way is
    /// tried again later; work that fails otherwise is marked failed with the reason.
    public static func isTransient(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_NOMEM, .SQLITE_INTERRUPT, .SQLITE_PROTOCOL:
            return true
        default:
            return false
        }
    }
}

extension AppDatabase {
    /// `error` in a line a campaign team can pass on: SQLite's own message without the
    /// statement it came from.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
    }
}
