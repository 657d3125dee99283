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

    /// Why the draft cannot be scheduled, given how many recipients each language has
    /// (nil key: language unknown); empty when it can.
    public func problems(recipients: [Language?: Int], now: Date) -> [String] {
        var problems: [String] = []
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("the broadcast has no name") }
        for (language, text) in texts.sorted(by: { $0.key < $1.key }) where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("the '\(language)' text is empty")
        }
        if texts[fallback] == nil {
            let uncovered = recipients.filter { $0.value > 0 && ($0.key.flatMap { texts[$0] } == nil) }
                .sorted { ($0.key?.rawValue ?? "") < ($1.key?.rawValue ?? "") }
            for (language, count) in uncovered {
                problems.append("\(count) recipient(s) read '\(language?.rawValue ?? "an unknown language")', which has no text, and the fallback language '\(fallback)' has none either")
            }
        }
        if recipients.values.reduce(0, +) == 0 { problems.append("the audience is empty: no subscriber matches the filter") }
        if let scheduledAt, scheduledAt < now.addingTimeInterval(-60) { problems.append("the scheduled time is in the past") }
        return problems
    }
}
