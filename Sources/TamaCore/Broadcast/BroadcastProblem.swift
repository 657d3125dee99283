/// Why a broadcast cannot be scheduled as written. The API says it in English
/// (`description`), the console in French; both from this one list.
public enum BroadcastProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case noName
    case emptyText(Language)
    /// People whose language has no text while the fallback language has none either.
    case uncovered(Language?, recipients: Int, fallback: Language)
    case emptyAudience
    case scheduledInPast
    /// The time is not one Tama can read.
    case unreadableTime(String)
    /// No route is configured to send through.
    case noSendingRoute
    /// A name, text or list entry over its limit, in characters.
    case tooLong(field: String, limit: Int)
    /// A list with more entries than allowed.
    case tooMany(field: String, limit: Int)
    /// A text that would take more SMS parts per message than allowed.
    case tooManyParts(Language, parts: Int, limit: Int)
    /// A value no broadcast can carry (a NUL byte), named by its field.
    case invalidCharacter(field: String)

    public var description: String {
        switch self {
        case .noName: "the broadcast has no name"
        case .emptyText(let language): "the '\(language)' text is empty"
        case .uncovered(let language, let count, let fallback):
            "\(count) recipient(s) read '\(language?.rawValue ?? "an unknown language")', which has no text, and the fallback language '\(fallback)' has none either"
        case .emptyAudience: "the audience is empty: no subscriber matches the filter"
        case .scheduledInPast: "the scheduled time is in the past"
        case .unreadableTime(let text): "the time '\(text.prefix(40))' is not like 2026-11-22 08:00 or 2026-11-22T08:00:00Z"
        case .noSendingRoute: "no sending route is configured; set one up (README: Configuration) before broadcasting"
        case .tooLong(let field, let limit): "'\(field)' is longer than \(limit) characters"
        case .tooMany(let field, let limit): "'\(field)' has more than \(limit) entries"
        case .tooManyParts(let language, let parts, let limit): "the '\(language)' text takes \(parts) SMS per message; the most is \(limit)"
        case .invalidCharacter(let field): "'\(field)' contains a NUL character"
        }
    }

    /// The problem is the request's shape, not the broadcast's content: the API answers
    /// it before counting anyone.
    public var isMalformed: Bool {
        switch self {
        case .tooLong, .tooMany, .tooManyParts, .invalidCharacter, .unreadableTime: true
        default: false
        }
    }
}
