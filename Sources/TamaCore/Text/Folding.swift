import Foundation

/// Compares what people type the way people mean it: ` arrêt `, `ARRET`, `Arret!`, `Stop.`
/// and the full-width `ＳＴＯＰ` some keyboards produce are each one word; so are `b` and `B`.
public enum Folding {
    /// Upper-cased; compatibility forms (full-width letters, ligatures) read as the
    /// letters they stand for; accents and invisible format characters removed;
    /// punctuation and symbols read as spaces; surrounding spaces trimmed and inner runs of
    /// spaces collapsed to one.
    public static func fold(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? foldASCII(bytes) : nil } ?? foldUnicode(text)
    }

    /// What people text is mostly ASCII, which the responder folds several times per
    /// message: the same result as ``foldUnicode(_:)`` without Unicode's tables (ASCII
    /// punctuation and symbols read as spaces, control characters other than white space
    /// are kept).
    static func foldASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { result in
            var count = 0
            var pendingSpace = false
            for byte in bytes {
                switch byte {
                case 0x09...0x0D, 0x20, 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                    pendingSpace = count > 0
                    continue
                default:
                    break
                }
                if pendingSpace {
                    result[count] = 0x20
                    count += 1
                    pendingSpace = false
                }
                result[count] = (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
                count += 1
            }
            return count
        }
    }

    static func foldUnicode(_ text: String) -> String {
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
