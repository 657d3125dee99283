/// The GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1) and its extension table.
///
/// Characters of the basic table cost one septet; those of the extension table are sent
/// as ESC + code and cost two. Anything else forces the whole message into UCS-2.
public enum GSM7 {
    /// The basic table, without ESC (0x1B), which is not a character but the escape.
    /// 0x09 is the capital `Ç`, as the standard has it; the small `ç` that some handsets
    /// show there is deliberately left out, so `ç` counts as UCS-2 (docs/aggregators.md §4.1).
    static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
    )

    /// The extension table: form feed, `^ { } \ [ ~ ] |` and `€`.
    static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// The septets each ASCII scalar costs, 0 for none: most of what is sent is ASCII,
    /// and every part count reads each scalar, so these skip hashing.
    private static let ascii: [UInt8] = (0..<128).map { value in
        let scalar = Unicode.Scalar(UInt8(value))
        return basic.contains(scalar) ? 1 : extended.contains(scalar) ? 2 : 0
    }

    /// The septets `scalar` costs in GSM-7, or nil when GSM-7 cannot carry it.
    public static func septets(for scalar: Unicode.Scalar) -> Int? {
        if scalar.isASCII {
            let septets = ascii[Int(scalar.value)]
            return septets == 0 ? nil : Int(septets)
        }
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }

    public static func canEncode(_ scalar: Unicode.Scalar) -> Bool {
        septets(for: scalar) != nil
    }

    /// The scalars of `text` that GSM-7 cannot carry, each once, in order of appearance.
    public static func unencodable(in text: String) -> [Unicode.Scalar] {
        var seen: Set<Unicode.Scalar> = []
        return text.unicodeScalars.filter { !canEncode($0) && seen.insert($0).inserted }
    }
}
