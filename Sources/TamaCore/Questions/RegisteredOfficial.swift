/// An official as the registry holds them: their number in it, which tokens and answers
/// refer to, and whether they have left office (their questions and answers stay).
public struct RegisteredOfficial: Sendable, Equatable {
    public var id: Int64
    public var official: Official
    public var retiredAt: String?

    public init(id: Int64, official: Official, retiredAt: String? = nil) {
        self.id = id
        self.official = official
        self.retiredAt = retiredAt
    }

    /// How a host's or campaign team's screen names them: never the number.
    public var title: String { "\(official.name) (\(official.office.french), \(official.commune))" }
}
