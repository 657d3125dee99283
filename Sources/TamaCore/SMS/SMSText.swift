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
    /// Only a character longer than a whole part (a letter under a hundred accents) is
    /// cut, between its scalars.
    public var parts: [Substring]

    public init(_ text: String) {
        self.text = text
        let encoding = SMSEncoding.of(text)
        self.encoding = encoding
        let scalars = text.unicodeScalars
        // Most messages fit in one: their cost is their scalars', and there is nothing to cut.
        let total = scalars.reduce(0) { $0 + encoding.units(of: $1) }
        self.units = total
        guard total > encoding.singleLimit else {
            self.parts = [text[...]]
            return
        }
        var cuts: [String.Index] = []
        var partUnits = 0
        func take(_ cost: Int, at index: String.Index) {
            if partUnits + cost > encoding.partLimit {
                cuts.append(index)
                partUnits = 0
            }
            partUnits += cost
        }
        for index in text.indices {
            let cost = encoding.units(of: text[index])
            if cost <= encoding.partLimit {
                take(cost, at: index)
            } else {
                let end = text.index(after: index)
                for scalar in scalars[index..<end].indices { take(encoding.units(of: scalars[scalar]), at: scalar) }
            }
        }
        let bounds = [text.startIndex] + cuts + [text.endIndex]
        self.parts = zip(bounds, bounds.dropFirst()).map { Substring(scalars[$0..<$1]) }
    }

    public var partCount: Int { parts.count }

    /// The units each part carries, as the vectors of docs/aggregators.md §4.3 list them.
    public var unitsPerPart: [Int] {
        parts.map { $0.reduce(0) { $0 + encoding.units(of: $1) } }
    }
}
