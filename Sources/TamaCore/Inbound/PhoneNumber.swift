/// A subscriber's number in E.164 (`+22376000000`): the key Tama knows people by.
public struct PhoneNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let e164: String

    /// Reads an international number as aggregators send it: `+22376000000`,
    /// `0022376000000`, or `22376000000` (a `+` that form-decoding turned into a space).
    /// Spaces, dots, dashes and parentheses between digits are ignored. Nil unless 8 to 15
    /// digits remain, the first not 0 (E.164 §6).
    public init?(_ text: String) {
        self.init(text, defaultCountry: nil)
    }

    /// Reads a number as people write it in a contact list: international as above, or
    /// national (`76 00 00 00`, `076 00 00 00`) in `defaultCountry` (a calling code such
    /// as `223`). A national number loses one leading trunk `0`. Digits that begin with the
    /// country code followed by eight more (the shortest national numbers of the region)
    /// are taken as international without the `+`, as spreadsheets often keep them.
    public init?(_ text: String, defaultCountry: String?) {
        var digits = text.trimmed
        if digits.hasPrefix("+") {
            digits = digits.dropFirst()
        } else if digits.hasPrefix("00") {
            digits = digits.dropFirst(2)
        } else if let country = defaultCountry {
            let bare = digits.filter { $0.isASCII && $0.isNumber }
            if !(bare.hasPrefix(country) && bare.count >= country.count + 8) {
                let national = bare.hasPrefix("0") ? bare.dropFirst() : bare[...]
                digits = Substring(country + national)
                guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || " .-()".contains($0) || $0.isWhitespace }) else { return nil }
            }
        }
        var result = "+"
        for character in digits {
            if character.isASCII, character.isNumber {
                result.append(character)
            } else if !" .-()".contains(character) {
                return nil
            }
        }
        let count = result.utf8.count - 1
        guard (8...15).contains(count), result.utf8.dropFirst().first != UInt8(ascii: "0") else { return nil }
        self.e164 = result
    }

    /// Reads a sender's number as an aggregator sends it: international when it starts
    /// with `+`, `00` or a space (a `+` that form-decoding turned into one), else national
    /// in `defaultCountry`, as a contact list's numbers are. A gateway that drops the
    /// country code then reaches the right person instead of a number abroad.
    public init?(sender text: String, defaultCountry: String) {
        let international = text.hasPrefix("+") || text.hasPrefix("00") || text.hasPrefix(" ")
        self.init(text, defaultCountry: international ? nil : defaultCountry)
    }

    public var description: String { e164 }

    public static func < (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool {
        lhs.e164 < rhs.e164
    }
}

extension PhoneNumber {
    /// The number as logs and the people who are not its owner may see it: the country
    /// and operator prefix and the last two digits (`+22376•••••00`), enough to tell
    /// callers apart, not to call them.
    public var masked: String {
        let digits = Array(e164.dropFirst())
        let kept = min(5, digits.count - 4)
        return "+" + String(digits.prefix(kept)) + String(repeating: "•", count: digits.count - kept - 2) + String(digits.suffix(2))
    }
}
