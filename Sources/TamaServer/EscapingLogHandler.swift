import Logging

/// Escapes control characters in every logged message and metadata value before the
/// wrapped handler writes it. Values come from webhooks (a session id, a text): a newline
/// in one must not forge a second log line, nor an escape sequence drive a terminal.
///
/// It keeps the logger's metadata itself and hands it over only with an event: every
/// request sets its id on its logger, and `StreamLogHandler` formats its metadata anew on
/// each change, which cost every request a formatting that a log line at warning level
/// almost never used.
public struct EscapingLogHandler: LogHandler {
    var wrapped: any LogHandler
    public var metadata: Logger.Metadata = [:]

    public init(_ wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(Self.escape(event.message.description))"
        event.metadata = metadata.merging(event.metadata ?? [:]) { _, fromEvent in fromEvent }.mapValues(Self.escape)
        wrapped.log(event: event)
    }

    static func escape(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(escape(text))
        case .stringConvertible(let convertible): .string(escape(convertible.description))
        case .array(let values): .array(values.map(escape))
        case .dictionary(let values): .dictionary(values.mapValues(escape))
        }
    }

    /// `\n`, `\r` and `\t` as themselves escaped; any other control character as `\u{…}`.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.properties.generalCategory == .control:
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
