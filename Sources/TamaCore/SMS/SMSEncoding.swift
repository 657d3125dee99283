/// How an SMS body travels: one encoding for the whole message, chosen by its least
/// convenient character (docs/aggregators.md §4.2: one non-GSM character makes it all UCS-2).
public enum SMSEncoding: String, Sendable, Codable, CaseIterable {
    case gsm7
    case ucs2

    /// What one message may carry when it is sent alone, in this encoding's units.
    public var singleLimit: Int { self == .gsm7 ? 160 : 70 }

    /// What each part of a concatenated message carries after its 6-octet header.
    public var partLimit: Int { self == .gsm7 ? 153 : 67 }

    /// The encoding `text` needs.
    public static func of(_ text: some StringProtocol) -> SMSEncoding {
        text.unicodeScalars.allSatisfy(GSM7.canEncode) ? .gsm7 : .ucs2
    }

    /// The units `character` costs: septets in GSM-7 (an escape pair is two), UTF-16
    /// code units in UCS-2 (a surrogate pair is two).
    func units(of character: Character) -> Int {
        character.unicodeScalars.reduce(0) { $0 + units(of: $1) }
    }

    func units(of scalar: Unicode.Scalar) -> Int {
        switch self {
        case .gsm7: GSM7.septets(for: scalar) ?? 1
        case .ucs2: scalar.utf16.count
        }
    }
}
