import Foundation
import TamaStore

/// A database file in a fresh temporary folder, for tests where WAL, concurrency or
/// reopening matter.
public struct TemporaryDatabase: Sendable {
    public let folder: URL
    public var path: String { folder.appendingPathComponent("tama.sqlite").path }

    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tama-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    public func open() throws -> AppDatabase {
        try AppDatabase.open(path: path)
    }
}
