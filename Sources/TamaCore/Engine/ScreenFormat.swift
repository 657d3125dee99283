/// How one aggregator's USSD screens are measured and written.
public struct ScreenFormat: Sendable, Equatable {
    /// The most a screen may hold, in GSM-7 septets, excluding the `CON `/`END ` prefix.
    /// 160 is what aggregators and handsets reliably show (docs/aggregators.md §5).
    public var limit: Int
    /// Rewrite screens into GSM-7; see ``Transliteration``.
    public var transliterate: Bool

    public init(limit: Int = 160, transliterate: Bool = true) {
        self.limit = limit
        self.transliterate = transliterate
    }

    /// Text as the phone will receive it.
    public func display(_ text: String) -> String {
        transliterate ? Transliteration.toGSM7(text) : text
    }

    /// The size of displayed `text` against ``limit``: septets in GSM-7, and two per
    /// UTF-16 unit when a character forces UCS-2, because the limit is really octets.
    public func length(of text: some StringProtocol) -> Int {
        let encoding = SMSEncoding.of(text)
        return text.reduce(0) { $0 + cost(of: $1, in: encoding) }
    }

    func cost(of character: Character, in encoding: SMSEncoding) -> Int {
        let units = encoding.units(of: character)
        return encoding == .ucs2 ? units * 2 : units
    }
}
