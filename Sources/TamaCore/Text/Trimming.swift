extension StringProtocol {
    /// Without leading and trailing whitespace and newlines. Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString on Linux, a cost every hop paid.
    public var trimmed: SubSequence {
        var result = self[...]
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result
    }
}
