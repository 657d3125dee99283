import Foundation
import TamaStore

/// What waits to be sent, per route, as the console shows it: a dead aggregator reads as
/// a count that grows, a wait that lengthens, and the reason of the last failure.
struct BacklogRow {
    var route: String
    var waiting: Int
    var wait: String
    /// Waiting past ten minutes: something is wrong.
    var late: Bool
    var lastError: String?

    /// Ten minutes: replies normally leave within seconds, broadcasts within their pacing.
    static let lateAfter: TimeInterval = 600

    static func rows(_ backlog: [QueueBacklog], now: Date) -> [BacklogRow] {
        backlog.map { line in
            let seconds = max(0, now.timeIntervalSince(line.oldestQueuedAt))
            return BacklogRow(route: line.route, waiting: line.waiting, wait: duration(seconds), late: seconds >= lateAfter, lastError: line.lastError)
        }
    }

    /// `45 s`, `12 min`, `3 h 05`, `2 j 4 h`.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds)
        switch total {
        case ..<60: return "\(total) s"
        case ..<3_600: return "\(total / 60) min"
        case ..<86_400: return "\(total / 3_600) h \(String(format: "%02d", total % 3_600 / 60))"
        default: return "\(total / 86_400) j \(total % 86_400 / 3_600) h"
        }
    }
}
