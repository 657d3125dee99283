import Foundation
import Yams

/// Settings as `key: value` text from the places `tama serve` reads them, least
/// important first: a YAML config file, `TAMA_*` environment variables, command-line
/// flags. Each value remembers its origin, so an error can say where to fix it.
public struct ConfigurationValues: Sendable {
    public struct Value: Sendable {
        public var value: String
        /// Where the value came from (`TAMA_PORT`, `tama.yaml`, `--port`).
        public var source: String
    }

    /// Every setting, with nested file sections written `section.key`.
    public static let keys = [
        "host", "port", "database", "menus", "session_timeout", "unknown_service_message", "default_country", "public_url",
        "africastalking.callback_secret", "africastalking.screen_limit", "africastalking.transliterate",
        "africastalking.username", "africastalking.api_key", "africastalking.base_url", "africastalking.sender_id",
        "africastalking.rate", "africastalking.burst", "africastalking.price",
        "twilio.account_sid", "twilio.auth_token", "twilio.base_url", "twilio.from", "twilio.public_url",
        "twilio.rate", "twilio.burst", "twilio.price",
        "kannel.secret", "kannel.sendsms_url", "kannel.username", "kannel.password", "kannel.from", "kannel.public_url",
        "kannel.rate", "kannel.burst", "kannel.price",
        "sms.route", "sms.reply_ttl",
        "dispatch.quiet_hours", "dispatch.timezone", "dispatch.daily_cap", "dispatch.max_attempts", "dispatch.lease",
        "dispatch.concurrency", "dispatch.broadcast_ttl", "console.secure_cookie",
        "http.idle_timeout", "http.read_timeout", "http.max_connections", "questions.remind_after", "questions.escalate_after",
        "backup.every", "backup.keep", "backup.directory",
    ]

    private var values: [String: Value] = [:]

    public init() {}

    public subscript(key: String) -> Value? {
        values[key]
    }

    public mutating func set(_ key: String, _ value: String?, source: String) {
        guard let value else { return }
        precondition(Self.keys.contains(key), "unknown setting \(key)")
        values[key] = Value(value: value, source: source)
    }

    /// These values, overridden by `other`'s.
    public func overridden(by other: ConfigurationValues) -> ConfigurationValues {
        var merged = self
        merged.values.merge(other.values) { $1 }
        return merged
    }

    /// `africastalking.callback_secret` is read from `TAMA_AFRICASTALKING_CALLBACK_SECRET`.
    public static func environmentName(of key: String) -> String {
        "TAMA_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    public static func environment(_ environment: [String: String]) -> ConfigurationValues {
        var values = ConfigurationValues()
        for key in keys {
            let name = environmentName(of: key)
            values.set(key, environment[name], source: name)
        }
        return values
    }

    /// The settings of a YAML file; an unknown setting is an error, not a silent no-op.
    public static func file(at path: String) throws(ConfigurationError) -> ConfigurationValues {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(path)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .invalidFile(path, "\(error)")
        }
        var values = ConfigurationValues()
        guard let root else { return values }
        try values.read(root, prefix: "", file: path)
        return values
    }

    private mutating func read(_ node: Node, prefix: String, file: String) throws(ConfigurationError) {
        guard let mapping = node.mapping else {
            throw .invalidFile(file, "line \(node.mark?.line ?? 1): expected settings as 'name: value'")
        }
        for (keyNode, value) in mapping {
            let key = prefix + (keyNode.scalar?.string ?? "")
            let line = keyNode.mark?.line ?? 1
            if value.mapping != nil, Self.keys.contains(where: { $0.hasPrefix(key + ".") }) {
                try read(value, prefix: key + ".", file: file)
            } else if Self.keys.contains(key), let scalar = value.scalar {
                set(key, scalar.string, source: "\(file):\(line)")
            } else {
                throw .unknownSetting(key, source: "\(file):\(line)")
            }
        }
    }
}

extension ConfigurationValues.Value {
    func integer(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw .invalidValue(value, source: source, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func number(in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let number = Double(value), range.contains(number) else {
            throw .invalidValue(value, source: source, expected: "a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func url() throws(ConfigurationError) -> URL {
        guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidValue(value, source: source, expected: "an http:// or https:// URL")
        }
        return url
    }

    /// A secret that goes in a URL path as it is: only characters no URL escapes
    /// (RFC 3986's unreserved), or the path an aggregator calls could never match it.
    func pathSecret() throws(ConfigurationError) -> String {
        let unreserved = value.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-._~".unicodeScalars.contains($0)
        }
        guard unreserved else {
            throw .invalidValue("(hidden)", source: source, expected: "letters, digits, '-', '_', '.' and '~' only, as it goes in a URL path")
        }
        return value
    }

    func boolean() throws(ConfigurationError) -> Bool {
        switch value.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw .invalidValue(value, source: source, expected: "true or false")
        }
    }
}

public enum ConfigurationError: Error, CustomStringConvertible {
    case unreadableFile(String)
    case invalidFile(String, String)
    case unknownSetting(String, source: String)
    case invalidValue(String, source: String, expected: String)
    case missingSecret(environment: String)
    case weakSecret
    case incompleteRoute(String, missing: String)
    case unknownRoute(String, configured: [String])

    public var description: String {
        switch self {
        case .unreadableFile(let path):
            "cannot read the config file \(path)"
        case .invalidFile(let path, let detail):
            "the config file \(path) is not valid: \(detail)"
        case .unknownSetting(let key, let source):
            "\(source): unknown setting '\(key)'; known settings: \(ConfigurationValues.keys.joined(separator: ", "))"
        case .invalidValue(let value, let source, let expected):
            "\(source): '\(value)' should be \(expected)"
        case .missingSecret(let environment):
            "no secret for the Africa's Talking callback URL: set \(environment) (or africastalking.callback_secret in the config file) to a random string of 16 characters or more"
        case .weakSecret:
            "the Africa's Talking callback secret is shorter than 16 characters; anyone who guesses it can post hops"
        case .incompleteRoute(let route, let missing):
            "the \(route) route is half configured: set \(missing) too, or none of its sending settings"
        case .unknownRoute(let route, let configured):
            "sms.route is '\(route)', which is not configured; configured routes: \(configured.isEmpty ? "none" : configured.joined(separator: ", "))"
        }
    }
}
