import Foundation
import GRDB
import Synchronization
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

/// A backup taken while messages keep being queued, restored as an operator would: it
/// holds every transaction committed before it began, whole, and nothing half-written.
@Suite struct BackupTests {
    static let batch = 250

    static func messages(_ round: Int) -> [OutgoingSMS] {
        (0..<batch).map { n in
            OutgoingSMS(
                recipient: PhoneNumber("+22376\(String(format: "%06d", (round * batch + n) % 1_000_000))")!, text: "Réunion publique, lot \(round)",
                route: "at", kind: .broadcast, expiresAt: Date(timeIntervalSince1970: 1_900_000_000)
            )
        }
    }

    static func rows(_ database: AppDatabase) async throws -> Int {
        try await database.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outboundMessage")! }
    }

    @Test func aBackupTakenUnderWritesRestoresEverythingCommittedBeforeItBegan() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        // Enough rows that the copy takes a while, so writes land while it runs.
        for round in 0..<200 { try await database.enqueue(Self.messages(round), at: Date()) }
        let writes = Atomic(0)
        let writer = Task {
            var round = 200
            while !Task.isCancelled {
                try await database.enqueue(Self.messages(round), at: Date())
                writes.add(1, ordering: .relaxed)
                round += 1
            }
        }
        while writes.load(ordering: .relaxed) < 5 { try await Task.sleep(nanoseconds: 1_000_000) }

        let committedBefore = try await Self.rows(database)
        let writesBefore = writes.load(ordering: .relaxed)
        let path = folder.folder.appendingPathComponent("backup.sqlite").path
        let summary = try await database.backup(to: path)
        let writesDuring = writes.load(ordering: .relaxed) - writesBefore
        try await Task.sleep(nanoseconds: 20_000_000)
        writer.cancel()
        _ = try? await writer.value
        let committedAfter = try await Self.rows(database)

        #expect(summary.path == path && summary.pages > 0 && summary.bytes > 0)
        #expect(writesDuring > 0, "the queue kept taking messages while the copy ran")
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "one file, nothing to carry beside it")

        // Restore: the backup becomes the daemon's database.
        let restoredPath = folder.folder.appendingPathComponent("restored.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: restoredPath)
        let restored = try AppDatabase.open(path: restoredPath)
        let restoredRows = try await Self.rows(restored)
        #expect(restoredRows >= committedBefore, "everything committed before the backup began")
        #expect(restoredRows < committedAfter, "and not what came after it")
        #expect(restoredRows % Self.batch == 0, "whole transactions only")
        let ids = try await restored.reader.read { db in
            (try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM outboundMessage"), try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM outboundMessage"))
        }
        #expect(ids.0 == 1 && ids.1 == Int64(restoredRows), "no gap: every row up to the last one copied")
        let check = try await restored.reader.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
        // It works as a database again: the restored queue takes new messages.
        try await restored.enqueue(Self.messages(0), at: Date())
        #expect(try await Self.rows(restored) == restoredRows + Self.batch)
    }

    @Test func aBackupNeverOverwritesAFile() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        let path = folder.folder.appendingPathComponent("backup.sqlite").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: BackupFailure.exists(path)) { try await database.backup(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }
}
