/// Why an aggregator's request was refused. Each message says what was wrong in words an
/// integrator can act on; the server answers it with a 400 and a log line.
public enum WebhookError: Error, Equatable, Sendable, CustomStringConvertible {
    case notForm(contentType: String?)
    case tooLarge(limit: Int)
    case malformedForm(String)
    case missingField(String)
    case emptyField(String)
    case fieldTooLong(String, limit: Int)
    case invalidPhone(field: String, value: String)
    case nulCharacter(String)

    public var description: String {
        switch self {
        case .notForm(let contentType):
            "expected a form (Content-Type: application/x-www-form-urlencoded), got \(contentType.map { "'\($0)'" } ?? "no Content-Type")"
        case .tooLarge(let limit):
            "the body is over \(limit / 1024) KiB"
        case .malformedForm(let detail):
            "the form body is malformed: \(detail)"
        case .missingField(let name):
            "missing field '\(name)'"
        case .emptyField(let name):
            "field '\(name)' is empty"
        case .fieldTooLong(let name, let limit):
            "field '\(name)' is longer than \(limit) characters"
        case .invalidPhone(let field, let value):
            "field '\(field)' is not an international phone number: '\(value.prefix(32))'"
        case .nulCharacter(let name):
            "field '\(name.prefix(40))' contains a NUL character"
        }
    }
}
