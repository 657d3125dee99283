import Foundation
import Synchronization

/// Every message the fake aggregator accepted, in order, for tests and benchmarks to
/// compare with what Tama queued.
public final class FakeAggregatorRecorder: Sendable {
    public struct Message: Sendable, Codable, Equatable {
        public var api: String
        public var id: String
        public var recipient: String
        public var text: String
        public var at: Date
    }

    private let state = Mutex<(messages: [Message], requests: Int, next: Int)>(([], 0, 0))
    /// Also appends each message as a JSON line here, so a test in another process can
    /// read what arrived even after killing whatever sent it.
    private let log: FileHandle?

    public init(logPath: String? = nil) throws {
        if let logPath {
            if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
            log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            try log?.seekToEnd()
        } else {
            log = nil
        }
    }

    public var messages: [Message] { state.withLock { $0.messages } }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
    public var requests: Int { state.withLock { $0.requests } }

    func countRequest() {
        state.withLock { $0.requests += 1 }
    }

    /// Records an accepted message and returns the id the fake gives it.
    func accept(api: String, recipient: String, text: String, idPrefix: String) -> String {
        let message = state.withLock { state -> Message in
            state.next += 1
            let message = Message(api: api, id: "\(idPrefix)\(state.next)", recipient: recipient, text: text, at: Date())
            state.messages.append(message)
            return message
        }
        if let log, var line = try? Self.encoder.encode(message) {
            line.append(UInt8(ascii: "\n"))
            state.withLock { _ in log.write(line) }
        }
        return message.id
    }
}
