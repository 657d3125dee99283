/// A message body as the network will carry it: its encoding, its size and its parts.
///
/// Parts matter because operators bill each one, so the campaign team's cost preview and
/// the dispatcher's rate limits both count parts, not messages.
public struct SMSText: Sendable, Equatable {
    public var text: String
    public var encoding: SMSEncoding
    /// Septets in GSM-7, UTF-16 units in UCS-2.
    public var units: Int
    /// The text cut where the parts of a concatenated SMS begin. An escape pair or a
    /// surrogate pair is never split (TS 23.040 §9.2.3.24.1): a whole character that
    /// would overflow a part moves to the next, so a part may carry fewer than 153/67.
    public var parts: [Substring]

    public init(_ text: String) {
        self.text = text
        let encoding = SMSEncoding.of(text)
        self.encoding = encoding
        var units = 0
        var parts: [Substring] = []
        var partStart = text.startIndex
        var partUnits = 0
        for index in text.indices {
            let cost = encoding.units(of: text[index])
            units += cost
            if partUnits + cost > encoding.partLimit {
                parts.append(text[partStart..<index])
                partStart = index
                partUnits = 0
            }
            partUnits += cost
        }
        self.units = units
        if units <= encoding.singleLimit {
            self.parts = [text[...]]
        } else {
            parts.append(text[partStart...])
            self.parts = parts
        }
    }

    public var partCount: Int { parts.count }

    /// The units each part carries, as the vectors of docs/aggregators.md §4.3 list them.
    public var unitsPerPart: [Int] {
        parts.map { $0.reduce(0) { $0 + encoding.units(of: $1) } }
    }
}
