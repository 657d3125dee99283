import Foundation

/// `application/x-www-form-urlencoded`, as aggregators post it (WHATWG URL §5).
public enum FormEncoding {
    /// The fields of a form body; when a name repeats, its first value counts.
    public static func decode(_ body: String) throws(WebhookError) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decodeComponent(parts[0])
            let value = parts.count > 1 ? try decodeComponent(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// A form body for `fields`, in the order given.
    public static func encode(_ fields: KeyValuePairs<String, String>) -> String {
        fields.map { "\(encodeComponent($0.key))=\(encodeComponent($0.value))" }.joined(separator: "&")
    }

    private static func decodeComponent(_ component: Substring) throws(WebhookError) -> String {
        guard let decoded = component.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw .malformedForm("'\(component.prefix(40))' is not valid percent-encoded UTF-8")
        }
        return decoded
    }

    /// Everything but unreserved characters is escaped, so `*`, `#` and `+` survive.
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func encodeComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
