import ArgumentParser
import Foundation
import TamaStore

/// `tama backup FILE`: a consistent copy of the database, taken while the daemon serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database, consistently, while the daemon goes on serving.",
        discussion: """
            The copy is the database as it stood when the copy began, checked with SQLite's \
            quick_check, one file with nothing beside it. To restore: stop the daemon, move \
            tama.sqlite, tama.sqlite-wal and tama.sqlite-shm away, copy the backup to \
            tama.sqlite, start the daemon.
            """
    )

    @Argument(help: "The file to write; it must not exist yet.") var path: String
    @OptionGroup var location: SubscribersCommand.Location

    func run() async throws {
        guard FileManager.default.fileExists(atPath: location.databasePath) else {
            throw ValidationError("there is no database at \(location.databasePath)")
        }
        let started = Date()
        do {
            let summary = try await AppDatabase.open(path: location.databasePath).backup(to: path)
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            print("\(location.databasePath) copied to \(summary.path): \(summary.pages) pages, \(summary.bytes < 1_048_576 ? "\(summary.bytes / 1_024) KiB" : "\(summary.bytes / 1_048_576) MiB"), in \(seconds) s; quick_check ok")
        } catch let failure as BackupFailure {
            FileHandle.standardError.write(Data("tama backup: \(failure)\n".utf8))
            throw ExitCode.failure
        }
    }
}
