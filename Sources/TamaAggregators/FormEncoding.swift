import Foundation

/// `application/x-www-form-urlencoded`, as aggregators post it (WHATWG URL §5).
public enum FormEncoding {
    /// The fields of a form body; when a name repeats, its first value counts.
    public static func decode(_ body: String) throws(WebhookError) -> [String: String] {
        try decodeAll(body).mapValues { $0[0] }
    }

    /// Every value of every field, in order: what a signature covers when a name repeats.
    /// A NUL character is refused: SQLite would cut the text at it, and two ids that
    /// differ after one would become the same.
    public static func decodeAll(_ body: String) throws(WebhookError) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in body.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = try decodeComponent(pair[..<(equals ?? pair.endIndex)])
            let value = equals == nil ? "" : try decodeComponent(pair[pair.index(after: equals!)...])
            guard !name.unicodeScalars.contains("\0"), !value.unicodeScalars.contains("\0") else { throw .nulCharacter(name) }
            fields[name, default: []].append(value)
        }
        return fields
    }

    /// The fields of a form as bytes, for senders that say in another field which
    /// charset the text is in (Kannel's `charset`: UTF-16BE, ISO-8859-1…).
    public static func decodeBytes(_ body: String) throws(WebhookError) -> [String: [UInt8]] {
        var fields: [String: [UInt8]] = [:]
        for pair in body.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = try decodeComponent(pair[..<(equals ?? pair.endIndex)])
            guard !name.unicodeScalars.contains("\0") else { throw .nulCharacter(name) }
            let value = equals == nil ? [] : try bytes(of: pair[pair.index(after: equals!)...])
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    /// A form body for `fields`, in the order given.
    public static func encode(_ fields: KeyValuePairs<String, String>) -> String {
        encode(Array(fields))
    }

    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(encodeComponent($0.0))=\(encodeComponent($0.1))" }.joined(separator: "&")
    }

    /// `+` is a space and `%XX` a byte; the bytes must then be UTF-8.
    private static func decodeComponent(_ component: Substring.UTF8View.SubSequence) throws(WebhookError) -> String {
        // Most fields (ids, codes, digits) need no decoding: take them as they are.
        if !component.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            return String(Substring(component))
        }
        let bytes = try bytes(of: component)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformedForm("'\(String(decoding: component.prefix(40), as: UTF8.self))' is not UTF-8")
        }
        return text
    }

    private static func bytes(of component: Substring.UTF8View.SubSequence) throws(WebhookError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.count)
        var index = component.startIndex
        while index < component.endIndex {
            let byte = component[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let high = component.index(after: index)
                guard high < component.endIndex, component.index(after: high) < component.endIndex,
                    let h = hexValue(component[high]), let l = hexValue(component[component.index(after: high)])
                else {
                    throw .malformedForm("'\(String(decoding: component.prefix(40), as: UTF8.self))' has a '%' not followed by two hex digits")
                }
                bytes.append(h << 4 | l)
                index = component.index(after: high)
            } else {
                bytes.append(byte)
            }
            index = component.index(after: index)
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Everything but unreserved characters is escaped, so `*`, `#` and `+` survive.
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func encodeComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
