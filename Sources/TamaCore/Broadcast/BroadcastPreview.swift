import Foundation

/// What a broadcast will cost and take, before it is scheduled.
public struct BroadcastPreview: Sendable, Equatable, Codable {
    public struct Variant: Sendable, Equatable, Codable {
        public var language: String
        public var recipients: Int
        public var encoding: SMSEncoding
        public var partsPerMessage: Int
        /// Languages (or `unknown`) of recipients who get this text because theirs has none.
        public var fallbackFor: [String]
    }

    public var recipients: Int
    public var variants: [Variant]
    public var parts: Int
    public var cost: Int
    public var currency: String
    public var start: Date
    public var estimatedFinish: Date
    /// Recipients who already had their day's broadcasts: theirs wait for the next morning.
    public var heldByDailyCap: Int
    /// The people the filters match who will not get it, and why.
    public var leftOut: LeftOut

    /// `recipients` by language (nil: unknown). The finish is when the last part leaves at
    /// `rate` parts/s, sending only outside `quietHours`; the `heldByDailyCap` recipients'
    /// parts go the next morning, after the others.
    public init(
        draft: BroadcastDraft, recipients byLanguage: [Language?: Int], price: PartPrice, rate: Double, quietHours: QuietHours, now: Date,
        heldByDailyCap: Int = 0, leftOut: LeftOut = LeftOut()
    ) {
        self.leftOut = leftOut
        var variants: [Language: Variant] = [:]
        for (language, count) in byLanguage where count > 0 {
            let variantLanguage = language.flatMap { draft.texts[$0] != nil ? $0 : nil } ?? draft.fallback
            guard let text = draft.texts[variantLanguage] else { continue }
            let sms = SMSText(text)
            var variant = variants[variantLanguage]
                ?? Variant(language: variantLanguage.rawValue, recipients: 0, encoding: sms.encoding, partsPerMessage: sms.partCount, fallbackFor: [])
            variant.recipients += count
            if language != variantLanguage { variant.fallbackFor.append(language?.rawValue ?? "unknown") }
            variant.fallbackFor.sort()
            variants[variantLanguage] = variant
        }
        self.variants = variants.values.sorted { $0.language < $1.language }
        self.recipients = self.variants.reduce(0) { $0 + $1.recipients }
        self.parts = self.variants.reduce(0) { $0 + $1.recipients * $1.partsPerMessage }
        self.cost = price.cost(parts: parts)
        self.currency = price.currency
        self.start = max(draft.scheduledAt ?? now, now)
        self.heldByDailyCap = min(heldByDailyCap, recipients)
        let partsPerRecipient = recipients == 0 ? 0 : Double(parts) / Double(recipients)
        let heldParts = Double(self.heldByDailyCap) * partsPerRecipient
        let today = quietHours.finish(startingAt: start, after: (Double(parts) - heldParts) / rate)
        if self.heldByDailyCap > 0 {
            let morning = quietHours.end(after: quietHours.nextDay(after: start))
            self.estimatedFinish = max(today, quietHours.finish(startingAt: morning, after: heldParts / rate))
        } else {
            self.estimatedFinish = today
        }
    }
}

extension QuietHours {
    /// When `seconds` of sending that starts at `start` ends, sending only outside quiet hours.
    public func finish(startingAt start: Date, after seconds: TimeInterval) -> Date {
        var now = end(after: start)
        var remaining = seconds
        // Each turn spends one window between quiet periods; a year of windows is plenty.
        for _ in 0..<400 where remaining > 0 {
            let nextQuiet = nextStart(after: now)
            let available = nextQuiet.timeIntervalSince(now)
            if remaining <= available { return now.addingTimeInterval(remaining) }
            remaining -= available
            now = end(after: nextQuiet)
        }
        return now.addingTimeInterval(remaining)
    }

    /// The next moment quiet hours begin at or after `date` (far future when never quiet).
    func nextStart(after date: Date) -> Date {
        guard start != end else { return .distantFuture }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: date)
        let today = midnight.addingTimeInterval(TimeInterval(start * 60))
        return today >= date ? today : calendar.date(byAdding: .day, value: 1, to: today)!
    }
}
