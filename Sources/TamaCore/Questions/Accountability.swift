import Foundation

/// Which officials answer their citizens, and how fast: what campaign teams report to
/// funders and radio hosts read on air. Every share comes with its counts, and an official
/// with fewer than ``minimumToRank`` questions is shown but not ranked: two questions do
/// not make anyone "50 % responsive".
public struct Accountability: Sendable, Equatable, Codable {
    /// One question passed on to officials, as the figures need it.
    public struct Record: Sendable, Equatable {
        public var commune: String
        public var topic: String
        /// When it reached its officials.
        public var routedAt: Date
        /// Who it was sent to.
        public var recipients: [Int64]
        /// Each answer: who gave it (nil: on air) and when.
        public var answers: [(official: Int64?, at: Date)]

        public init(commune: String, topic: String, routedAt: Date, recipients: [Int64], answers: [(official: Int64?, at: Date)]) {
            self.commune = commune
            self.topic = topic
            self.routedAt = routedAt
            self.recipients = recipients
            self.answers = answers
        }

        public static func == (lhs: Record, rhs: Record) -> Bool {
            lhs.commune == rhs.commune && lhs.topic == rhs.topic && lhs.routedAt == rhs.routedAt && lhs.recipients == rhs.recipients
                && lhs.answers.map(\.official) == rhs.answers.map(\.official) && lhs.answers.map(\.at) == rhs.answers.map(\.at)
        }
    }

    /// Received, answered, and the median wait for a first answer, in hours.
    public struct Figures: Sendable, Equatable, Codable {
        public var received: Int
        public var answered: Int
        /// Nil when nothing was answered.
        public var medianHours: Double?
        /// Answered over received, in whole percent; nil when too few to say.
        public var answeredPercent: Int?
    }

    public struct Line: Sendable, Equatable, Codable {
        /// An official's registry id or a topic id.
        public var key: String
        public var figures: Figures
        /// 1 for the most responsive; nil when below the minimum.
        public var rank: Int?
    }

    public struct Commune: Sendable, Equatable, Codable {
        public var commune: String
        public var figures: Figures
        public var officials: [Line]
        public var topics: [Line]
    }

    /// Below this many questions, no share is shown for an official and no rank given.
    public static let minimumToRank = 5

    public var days: Int
    public var communes: [Commune]

    /// The figures of `records` passed on in the `days` before `now`, per commune (in
    /// `order`), per official and per topic.
    public init(_ records: [Record], days: Int, now: Date, order: [String]) {
        self.days = days
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let recent = records.filter { $0.routedAt >= since && $0.routedAt <= now }
        communes = order.compactMap { commune in
            let mine = recent.filter { $0.commune == commune }
            guard !mine.isEmpty else { return nil }
            let officials = Set(mine.flatMap(\.recipients)).sorted().map { official in
                let sent = mine.filter { $0.recipients.contains(official) }
                let waits = sent.compactMap { record in record.answers.filter { $0.official == official }.map(\.at).min().map { $0.timeIntervalSince(record.routedAt) } }
                return Line(key: String(official), figures: Self.figures(received: sent.count, waits: waits, minimum: Self.minimumToRank), rank: nil)
            }
            let topics = Set(mine.map(\.topic)).sorted().map { topic in
                let about = mine.filter { $0.topic == topic }
                return Line(key: topic, figures: Self.figures(about, minimum: 1), rank: nil)
            }
            return Commune(commune: commune, figures: Self.figures(mine, minimum: 1), officials: Self.ranked(officials), topics: topics)
        }
    }

    static func figures(_ records: [Record], minimum: Int) -> Figures {
        figures(received: records.count, waits: records.compactMap { $0.answers.map(\.at).min()?.timeIntervalSince($0.routedAt) }, minimum: minimum)
    }

    static func figures(received: Int, waits: [TimeInterval], minimum: Int) -> Figures {
        let sorted = waits.sorted()
        let median: Double? =
            sorted.isEmpty ? nil : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return Figures(
            received: received, answered: waits.count, medianHours: median.map { ($0 / 360).rounded() / 10 },
            answeredPercent: received >= minimum && received > 0 ? Int((Double(waits.count) * 100 / Double(received)).rounded()) : nil
        )
    }

    /// Officials with enough questions first, the most responsive first (then the
    /// faster); the others after, unranked.
    static func ranked(_ lines: [Line]) -> [Line] {
        let rankable = lines.filter { $0.figures.answeredPercent != nil }.sorted {
            ($0.figures.answeredPercent!, -($0.figures.medianHours ?? .infinity)) > ($1.figures.answeredPercent!, -($1.figures.medianHours ?? .infinity))
        }
        let rest = lines.filter { $0.figures.answeredPercent == nil }
        return rankable.enumerated().map { index, line in
            var line = line
            line.rank = index + 1
            return line
        } + rest
    }
}
