import Foundation

/// Compares what people type the way people mean it: ` arrêt `, `ARRET`, `Arret!`, `Stop.`
/// and the full-width `ＳＴＯＰ` some keyboards produce are each one word; so are `b` and `B`.
public enum Folding {
    /// Upper-cased; compatibility forms (full-width letters, ligatures) read as the
    /// letters they stand for; accents and invisible format characters removed;
    /// punctuation and symbols read as spaces; surrounding spaces trimmed and inner runs of
    /// spaces collapsed to one.
    public static func fold(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCompatibilityMapping.unicodeScalars
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in decomposed {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format:
                continue
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                pendingSpace = !result.isEmpty
                continue
            default:
                break
            }
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
