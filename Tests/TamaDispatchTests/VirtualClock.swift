import Foundation
import Synchronization
import TamaCore
import TamaDispatch

/// Time that moves only when the dispatcher waits: a minute of sending at 20 parts/s
/// takes milliseconds, and every timestamp is exact.
final class VirtualClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) {
        time = Mutex(start)
    }

    var now: Date { time.withLock { $0 } }

    var clock: DispatchClock {
        DispatchClock(now: { self.now }) { seconds in
            self.time.withLock { $0 += max(0, seconds) }
            // Let the test's own tasks run between virtual waits.
            try await Task.sleep(nanoseconds: 20_000)
        }
    }
}

/// A sender that answers from a script and remembers when (in virtual time) it was asked.
final class ScriptedSender: SMSSender, Sendable {
    struct Call: Sendable {
        var at: Date
        var text: String
        var recipients: [String]
        var ids: [Int64]
    }

    let maxRecipientsPerRequest: Int
    private let calls = Mutex<[Call]>([])
    private let answer: @Sendable (QueuedMessage, Int) -> SendOutcome
    private let clock: VirtualClock

    init(clock: VirtualClock, maxRecipients: Int = 1, answer: @escaping @Sendable (QueuedMessage, Int) -> SendOutcome = { _, _ in .accepted(messageId: nil) }) {
        self.clock = clock
        self.maxRecipientsPerRequest = maxRecipients
        self.answer = answer
    }

    var recorded: [Call] { calls.withLock { $0 } }

    func send(_ text: String, to messages: [QueuedMessage]) async -> [Int64: SendOutcome] {
        let callNumber = calls.withLock { calls in
            calls.append(Call(at: clock.now, text: text, recipients: messages.map(\.recipient), ids: messages.map(\.id)))
            return calls.count
        }
        return Dictionary(uniqueKeysWithValues: messages.map { ($0.id, answer($0, callNumber)) })
    }
}
