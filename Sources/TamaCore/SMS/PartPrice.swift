/// What a route charges per SMS part, in the smallest unit of its currency (francs CFA
/// have no subunit), for the cost estimates campaign teams see before a broadcast.
public struct PartPrice: Sendable, Equatable {
    public var amount: Int
    public var currency: String

    public init(amount: Int, currency: String = "XOF") {
        self.amount = amount
        self.currency = currency
    }

    /// What `parts` SMS parts cost, every part billed whole.
    public func cost(parts: Int) -> Int {
        amount * parts
    }
}
