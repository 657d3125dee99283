/// Who a broadcast is for, among the people of its campaign. Empty lists do not filter;
/// all given filters must hold. Whatever the filter, a number that sent STOP and a person
/// who left the broadcast's campaign are never in it.
public struct Audience: Sendable, Equatable {
    public var communes: [String]
    /// By the subscriber's language; one whose language is unknown counts as the
    /// broadcast's fallback language.
    public var languages: [Language]
    /// Any of these tags.
    public var tags: [String]
    /// Only people subscribed to the broadcast's campaign: the default, so a message
    /// reaches someone who never asked for it only when a campaign team says so.
    public var subscribersOnly: Bool

    public init(communes: [String] = [], languages: [Language] = [], tags: [String] = [], subscribersOnly: Bool = true) {
        self.communes = communes
        self.languages = languages
        self.tags = tags.map { $0.lowercased() }
        self.subscribersOnly = subscribersOnly
    }
}

extension Audience: Codable {
    enum CodingKeys: String, CodingKey {
        case communes, languages, tags, subscribersOnly
        /// Before v7 an audience named its campaign to mean "subscribers only".
        case campaign
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            communes: try container.decodeIfPresent([String].self, forKey: .communes) ?? [],
            languages: try container.decodeIfPresent([Language].self, forKey: .languages) ?? [],
            tags: try container.decodeIfPresent([String].self, forKey: .tags) ?? [],
            subscribersOnly: try container.decodeIfPresent(Bool.self, forKey: .subscribersOnly)
                ?? (try container.decodeIfPresent(String.self, forKey: .campaign) != nil)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(communes, forKey: .communes)
        try container.encode(languages, forKey: .languages)
        try container.encode(tags, forKey: .tags)
        try container.encode(subscribersOnly, forKey: .subscribersOnly)
    }
}

/// The people a broadcast's filters match but who will not get it, and why: what the
/// preview tells a campaign team before it schedules.
public struct LeftOut: Sendable, Equatable, Codable {
    /// Sent STOP: nothing reaches them until they text JOIN.
    public var optedOut: Int
    /// Left the broadcast's campaign.
    public var leftCampaign: Int
    /// Never subscribed to the campaign, in a subscribers-only broadcast.
    public var notSubscribed: Int

    public init(optedOut: Int = 0, leftCampaign: Int = 0, notSubscribed: Int = 0) {
        self.optedOut = optedOut
        self.leftCampaign = leftCampaign
        self.notSubscribed = notSubscribed
    }

    public var total: Int { optedOut + leftCampaign + notSubscribed }
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
