import Foundation
import Logging
import ServiceLifecycle
import TamaStore

/// Every `backup.every` hours, a consistent copy of the database in `backup.directory`
/// (``AppDatabase/backup(to:)``), named by its UTC time, and only the latest
/// `backup.keep` kept: a server in Kayes whose disk dies loses at most that many hours,
/// provided the folder is on another disk or copied off the machine.
struct BackupSchedule: Service {
    let database: AppDatabase
    let every: TimeInterval
    let keep: Int
    let directory: String
    let logger: Logger
    let now: @Sendable () -> Date

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(every))
                do {
                    let (summary, removed) = try await take()
                    logger.info(
                        "database backed up",
                        metadata: ["path": "\(summary.path)", "bytes": "\(summary.bytes)", "older copies removed": "\(removed.count)"]
                    )
                } catch {
                    logger.error("could not back the database up", metadata: ["directory": "\(directory)", "error": "\(error)"])
                }
            }
        }
    }

    /// One copy now, then the oldest beyond `keep` deleted; answers the copy and the
    /// names deleted. Only files this schedule names are ever deleted.
    func take() async throws -> (BackupSummary, removed: [String]) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let summary = try await database.backup(to: (directory as NSString).appendingPathComponent(Self.name(at: now())))
        let ours = try FileManager.default.contentsOfDirectory(atPath: directory).filter(Self.isOurs).sorted()
        let removed = Array(ours.dropLast(keep))
        for name in removed {
            try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
        return (summary, removed)
    }

    /// `tama-20261127-203000.sqlite`: sorts by time as text.
    static func name(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "tama-\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second)).sqlite"
    }

    static func isOurs(_ name: String) -> Bool {
        name.hasPrefix("tama-") && name.hasSuffix(".sqlite") && name.count == "tama-20261127-203000.sqlite".count
    }
}
