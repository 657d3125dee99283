import Foundation
import TamaStore

/// A database file in a fresh temporary folder, for tests where WAL, concurrency or
/// reopening matter.
struct TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("tama.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tama-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func open() throws -> AppDatabase {
        try AppDatabase.open(path: path)
    }
}
