/// One problem in a menu file, printed as `file:line: problem` so editors can jump to it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: Sendable, Equatable {
        /// The menu cannot be served: `tama menus check` exits 1 and `tama serve` refuses to start.
        case error
        /// Worth knowing (a text that costs more as SMS), not blocking.
        case warning
    }

    public var file: String
    /// 1-based; nil when the problem concerns a whole file or folder.
    public var line: Int?
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int?, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return severity == .warning ? "\(place): warning: \(message)" : "\(place): \(message)"
    }
}

extension [Diagnostic] {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
