import Foundation
import GRDB
import Logging
import TamaTestSupport
import Testing

@testable import TamaServer
@testable import TamaStore

/// Scheduled backups: named by their time, the latest `backup.keep` kept, nothing else in
/// the folder touched; and the settings that start them.
@Suite struct BackupScheduleTests {
    @Test func eachCopyIsNamedByItsTimeAndOnlyTheLatestAreKept() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        let clock = ManualClock()
        let directory = folder.folder.appendingPathComponent("backups").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("an operator's note".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        let schedule = BackupSchedule(database: database, every: 3_600, keep: 2, directory: directory, logger: quietLogger, now: { clock.now })
        var removed: [[String]] = []
        for _ in 0..<3 {
            removed.append(try await schedule.take().removed)
            clock.advance(hours: 1)
        }
        #expect(removed == [[], [], ["tama-20270115-080000.sqlite"]])
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["notes.txt", "tama-20270115-090000.sqlite", "tama-20270115-100000.sqlite"])
        for name in left where name.hasSuffix(".sqlite") {
            let copy = try DatabaseQueue(path: directory + "/" + name)
            let check = try await copy.read { try String.fetchOne($0, sql: "PRAGMA quick_check") }
            #expect(check == "ok")
        }
    }

    @Test func backupsStartOnlyWhenAskedAndGoBesideTheDatabase() throws {
        let secret = ["TAMA_AFRICASTALKING_CALLBACK_SECRET": "0123456789abcdef"]
        let none = try ServerConfiguration(.environment(secret.merging(["TAMA_DATABASE": "/var/lib/tama/tama.sqlite"]) { $1 }))
        #expect(none.backup.every == nil && none.backup.keep == 7 && none.backupDirectory == "/var/lib/tama/backups")
        let daily = try ServerConfiguration(
            .environment(secret.merging(["TAMA_BACKUP_EVERY": "24", "TAMA_BACKUP_KEEP": "14", "TAMA_BACKUP_DIRECTORY": "/mnt/usb/tama"]) { $1 })
        )
        #expect(daily.backup.every == 86_400 && daily.backup.keep == 14 && daily.backupDirectory == "/mnt/usb/tama")
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(.environment(secret.merging(["TAMA_BACKUP_KEEP": "0"]) { $1 })) }
    }
}
