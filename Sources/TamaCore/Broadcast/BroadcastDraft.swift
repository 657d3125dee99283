import Foundation

/// A broadcast as a campaign team writes it: who, what in each language, when.
public struct BroadcastDraft: Sendable, Equatable {
    public var name: String
    public var campaign: String
    public var audience: Audience
    public var texts: [Language: String]
    /// The text for people whose language has no text of its own, or is unknown.
    public var fallback: Language
    /// When fan-out starts; nil for now.
    public var scheduledAt: Date?

    public init(name: String, campaign: String, audience: Audience, texts: [Language: String], fallback: Language, scheduledAt: Date? = nil) {
        self.name = name
        self.campaign = campaign
        self.audience = audience
        self.texts = texts
        self.fallback = fallback
        self.scheduledAt = scheduledAt
    }

    /// The text someone in `language` (nil: unknown) receives.
    public func text(for language: Language?) -> String? {
        language.flatMap { texts[$0] } ?? texts[fallback]
    }

    /// The most a broadcast may carry: far above any real campaign's, low enough that no
    /// request can make the preview's query or the fan-out's rows unbounded.
    public enum Limits {
        public static let name = 120
        public static let campaign = 64
        public static let communes = 1_000
        public static let tags = 100
        public static let languages = 20
        /// Characters of a commune, a tag or a language code.
        public static let entry = 100
        public static let text = 1_600
        /// SMS parts per message: operators join up to about ten reliably.
        public static let parts = 10
    }

    /// What makes the draft impossible to even count: sizes over their limits and NUL
    /// characters, which SQLite would cut the text at.
    public var sizeProblems: [BroadcastProblem] {
        var problems: [BroadcastProblem] = []
        func check(_ field: String, _ value: String, limit: Int) {
            if value.unicodeScalars.contains("\0") { problems.append(.invalidCharacter(field: field)) }
            if value.count > limit { problems.append(.tooLong(field: field, limit: limit)) }
        }
        func check(_ field: String, _ values: [String], count: Int) {
            if values.count > count { problems.append(.tooMany(field: field, limit: count)) }
            for value in values.prefix(count) { check(field, value, limit: Limits.entry) }
        }
        check("name", name, limit: Limits.name)
        check("campaign", campaign, limit: Limits.campaign)
        check("communes", audience.communes, count: Limits.communes)
        check("tags", audience.tags, count: Limits.tags)
        check("languages", audience.languages.map(\.rawValue), count: Limits.languages)
        check("texts", texts.keys.map(\.rawValue), count: Limits.languages)
        check("fallback", fallback.rawValue, limit: Limits.entry)
        for (language, text) in texts.sorted(by: { $0.key < $1.key }) {
            check("texts.\(language)", text, limit: Limits.text)
            let parts = SMSText(text).partCount
            if text.count <= Limits.text, parts > Limits.parts { problems.append(.tooManyParts(language, parts: parts, limit: Limits.parts)) }
        }
        return problems
    }

    /// Why the draft cannot be scheduled, given how many recipients each language has
    /// (nil key: language unknown); empty when it can.
    public func problems(recipients: [Language?: Int], now: Date) -> [BroadcastProblem] {
        var problems = sizeProblems
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.noName) }
        for (language, text) in texts.sorted(by: { $0.key < $1.key }) where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(.emptyText(language))
        }
        if texts[fallback] == nil {
            let uncovered = recipients.filter { $0.value > 0 && ($0.key.flatMap { texts[$0] } == nil) }
                .sorted { ($0.key?.rawValue ?? "") < ($1.key?.rawValue ?? "") }
            for (language, count) in uncovered {
                problems.append(.uncovered(language, recipients: count, fallback: fallback))
            }
        }
        if recipients.values.reduce(0, +) == 0 { problems.append(.emptyAudience) }
        if let scheduledAt, scheduledAt < now.addingTimeInterval(-60) { problems.append(.scheduledInPast) }
        return problems
    }
}
