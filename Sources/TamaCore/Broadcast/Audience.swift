/// Who a broadcast is for. Empty lists do not filter; all given filters must hold. A
/// number that sent STOP is never in an audience, whatever the filter.
public struct Audience: Sendable, Equatable, Codable {
    public var communes: [String]
    /// By the subscriber's language; one whose language is unknown counts as the
    /// broadcast's fallback language.
    public var languages: [Language]
    /// Any of these tags.
    public var tags: [String]
    /// Only people subscribed to this campaign.
    public var campaign: String?

    public init(communes: [String] = [], languages: [Language] = [], tags: [String] = [], campaign: String? = nil) {
        self.communes = communes
        self.languages = languages
        self.tags = tags.map { $0.lowercased() }
        self.campaign = campaign
    }
}

extension Language: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
