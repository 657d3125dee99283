import Foundation

/// A broadcast's progress as one line a terminal can redraw:
/// `[########------------] 40% 4000/10000 sent · 12 failed · 3 STOP · sending`.
struct BroadcastProgressLine {
    let line: String
    /// Finished, cancelled or failed: nothing will move any more.
    let isOver: Bool

    /// Reads the API's answer to `GET /api/v1/broadcasts/{id}`.
    init(json: Data) throws {
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        let broadcast = object["broadcast"] as? [String: Any] ?? [:]
        let progress = object["progress"] as? [String: Int] ?? [:]
        let status = broadcast["status"] as? String ?? "unknown"
        let count = { (key: String) in progress[key] ?? 0 }
        let sent = count("sent") + count("delivered")
        let failed = count("failed") + count("expired")
        let total = sent + failed + count("queued") + count("sending")
        let share = total == 0 ? 0 : (sent + failed) * 100 / total
        let width = 20
        let filled = share * width / 100
        var line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(share)% \(sent)/\(total) sent"
        if failed > 0 { line += " · \(failed) failed" }
        if count("skippedOptOut") > 0 { line += " · \(count("skippedOptOut")) STOP" }
        line += " · " + status.replacingOccurrences(of: "_", with: " ")
        if let failure = broadcast["failure"] as? String { line += ": \(failure)" }
        self.line = line
        self.isOver = ["finished", "cancelled", "failed"].contains(status)
    }
}
