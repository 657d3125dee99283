/// Africa's Talking sends, at every hop, everything typed in the session joined by `*`
/// (`""`, `1`, `1*500`, …). The new input is what this hop's text adds to the last one
/// stored; taking the difference rather than the last `*` field keeps a typed text that
/// itself contains `*` whole.
public enum HopText {
    public enum Meaning: Sendable, Equatable {
        /// The same hop again (an aggregator retry), or an older one arriving late.
        case repeated
        /// What the caller typed since the last hop.
        case input(String)
    }

    public static func meaning(of received: String, after stored: String) -> Meaning {
        let received = received.unicodeScalars
        let stored = stored.unicodeScalars
        if received.elementsEqual(stored) { return .repeated }
        if stored.isEmpty { return .input(String(received)) }
        if received.count > stored.count, received.starts(with: stored),
            received[received.index(received.startIndex, offsetBy: stored.count)] == "*"
        {
            return .input(String(received.dropFirst(stored.count + 1)))
        }
        if received.isEmpty || (stored.count > received.count && stored.starts(with: received)) {
            return .repeated
        }
        // Not an extension of the stored text: a gateway that sends only the latest input.
        let last = received.split(separator: "*", omittingEmptySubsequences: false).last
        return .input(last.map { String($0) } ?? "")
    }
}
