import Foundation

/// Compares what people type the way people mean it: ` arrêt `, `ARRET` and `Arret` are
/// one word; so are `b` and `B`.
public enum Folding {
    /// Upper-cased, accents removed, surrounding spaces trimmed and inner runs of spaces
    /// collapsed to one.
    public static func fold(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCanonicalMapping.unicodeScalars
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in decomposed {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result).uppercased()
    }
}
