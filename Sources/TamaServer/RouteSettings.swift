import Foundation

/// How fast a route may send and what it costs, common to every aggregator.
public struct RoutePacing: Sendable, Equatable {
    /// SMS parts per second the aggregator account allows.
    public var rate: Double = 10
    /// Parts that may go at once after a quiet spell.
    public var burst: Int = 10
    /// Francs CFA per part, for cost estimates.
    public var price: Int = 25

    mutating func read(_ values: ConfigurationValues, prefix: String) throws(ConfigurationError) {
        if let rate = values["\(prefix).rate"] { self.rate = try rate.number(in: 0.01...100_000) }
        if let burst = values["\(prefix).burst"] { self.burst = try burst.integer(in: 1...100_000) }
        if let price = values["\(prefix).price"] { self.price = try price.integer(in: 0...100_000) }
    }
}

/// Settings that are all given or none: a route is enabled by its credentials.
func allOrNone(_ values: ConfigurationValues, _ keys: [String], route: String) throws(ConfigurationError) -> Bool {
    let given = keys.filter { values[$0] != nil }
    if given.isEmpty { return false }
    if let missing = keys.first(where: { values[$0] == nil }) {
        throw .incompleteRoute(route, missing: ConfigurationValues.environmentName(of: missing))
    }
    return true
}
