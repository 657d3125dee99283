import Foundation

/// Rewrites text into the GSM-7 alphabet for USSD screens.
///
/// A USSD string holds 160 octets: 182 GSM-7 characters but only 80 in UCS-2, and
/// Africa's Talking warns that operators often fail to render "special characters" at all
/// (docs/aggregators.md §5). Menus keep their full orthography (`ɛ`, `ɔ`, `ɲ`, `ê`) for SMS, and
/// screens show the readers' usual fallback spellings (`e`, `o`, `ny`, `e`).
public enum Transliteration {
    static let table: [Unicode.Scalar: String] = [
        // Manding and Fula letters.
        "ɛ": "e", "Ɛ": "E", "ɔ": "o", "Ɔ": "O", "ɲ": "ny", "Ɲ": "Ny", "ŋ": "ng", "Ŋ": "Ng",
        "ɓ": "b", "Ɓ": "B", "ɗ": "d", "Ɗ": "D", "ƴ": "y", "Ƴ": "Y",
        // French letters outside GSM-7.
        "ç": "c", "œ": "oe", "Œ": "OE",
        // Typography that keyboards and word processors put into menu texts.
        "’": "'", "‘": "'", "`": "'", "´": "'", "“": "\"", "”": "\"", "«": "\"", "»": "\"",
        "…": "...", "–": "-", "—": "-", "°": "o", "\u{00A0}": " ", "\u{202F}": " ", "\t": " ",
    ]

    /// `text` with every character GSM-7 cannot carry replaced: from the table, else by
    /// its base letter (`ô` → `o`), else by `?`.
    public static func toGSM7(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if GSM7.canEncode(scalar) {
                result.append(scalar)
            } else if let replacement = table[scalar] {
                result.append(contentsOf: replacement.unicodeScalars)
            } else if let base = baseLetter(of: scalar) {
                result.append(base)
            } else {
                result.append("?")
            }
        }
        return String(result)
    }

    /// The first scalar of the canonical decomposition, when GSM-7 carries it: the letter
    /// without its accent.
    private static func baseLetter(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard let first = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
            first != scalar, GSM7.canEncode(first)
        else { return nil }
        return first
    }
}
