import Foundation
import Synchronization

/// Time that moves only when a test says so: days pass in a line, and every stored
/// timestamp is known in advance.
public final class ManualClock: Sendable {
    private let date: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        date = Mutex(start)
    }

    public var now: Date { date.withLock { $0 } }

    public func advance(hours: Double) {
        date.withLock { $0.addTimeInterval(hours * 3_600) }
    }

    public func advance(days: Double) {
        advance(hours: days * 24)
    }
}
