import Foundation

/// The time the dispatcher reads and waits on. Production uses the wall clock; tests
/// pass a clock of their own so rates, backoffs and quiet hours play out in virtual time.
public struct DispatchClock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (TimeInterval) async throws -> Void

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (TimeInterval) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = DispatchClock(now: Date.init) { seconds in
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}
