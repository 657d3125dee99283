import GRDBSQLite

extension AppDatabase {
    /// What SQLite holds in memory across every connection of the process, mostly page
    /// caches (up to `cacheKiB` per connection). `/metrics` shows it beside the process's
    /// resident size, so a growing RSS can be told apart from caches filling up.
    public static var memoryInUse: Int { Int(sqlite3_memory_used()) }
}
