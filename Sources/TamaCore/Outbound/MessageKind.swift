/// Why a message is sent, which decides what goes first when a route is busy: someone
/// waiting for an answer before an official's notification before a broadcast.
public enum MessageKind: String, Sendable, Codable, CaseIterable, Comparable {
    case reply
    case notification
    case broadcast

    /// Lower goes first; stored with the row so the queue index orders by it.
    public var priority: Int {
        switch self {
        case .reply: 0
        case .notification: 1
        case .broadcast: 2
        }
    }

    public static func < (lhs: MessageKind, rhs: MessageKind) -> Bool {
        lhs.priority < rhs.priority
    }
}
