import Foundation

/// A quiz's results as hosts read them on air: per question, its state, how many
/// answered (in time), the share of each choice and the share right; and the leaders.
public struct QuizResults: Sendable, Equatable, Codable {
    public struct Question: Sendable, Equatable, Codable {
        public struct Choice: Sendable, Equatable, Codable {
            public var letter: String
            public var answers: Int
            /// Of the question's answers, in percent (0 when nobody answered).
            public var share: Int
            public var right: Bool
        }

        public var number: Int
        public var state: QuestionState
        /// Answers that count: in time, the first per person.
        public var answers: Int
        /// Kept, but given while the question was not open.
        public var late: Int
        public var choices: [Choice]
        /// Of the question's answers, the share right, in percent.
        public var rightShare: Int
    }

    public struct Leader: Sendable, Equatable, Codable {
        public var rank: Int
        /// Masked for the air: `+223 7• •• •• 12`.
        public var phone: String
        public var score: Int
        /// When the final score was reached: the earlier wins a tie.
        public var reachedAt: Date

        public init(rank: Int, phone: String, score: Int, reachedAt: Date) {
            self.rank = rank
            self.phone = phone
            self.score = score
            self.reachedAt = reachedAt
        }
    }

    /// How a commune (from its subscribers' communes) did: what no radio tool shows.
    public struct Commune: Sendable, Equatable, Codable {
        /// Empty for people whose commune is not known.
        public var name: String
        public var answers: Int
        public var rightShare: Int
    }

    public var quiz: String
    /// People with at least one answer that counts.
    public var participants: Int
    public var questions: [Question]
    public var leaders: [Leader]
    /// Communes with answers, the most answers first.
    public var communes: [Commune]

    /// What the store counts for a quiz, before the quiz's definition shapes it.
    public struct Counts: Sendable, Equatable {
        public var participants: Int
        /// Answers in time, by question and letter.
        public var answers: [String: [String: Int]]
        /// Late answers, by question.
        public var late: [String: Int]
        /// The best scores first, ties to the earlier.
        public var leaders: [(phone: PhoneNumber, score: Int, reachedAt: Date)]
        /// Answers in time and right ones, by commune ('' when unknown).
        public var communes: [(name: String, answers: Int, right: Int)]

        public init(
            participants: Int, answers: [String: [String: Int]], late: [String: Int], leaders: [(phone: PhoneNumber, score: Int, reachedAt: Date)],
            communes: [(name: String, answers: Int, right: Int)] = []
        ) {
            self.participants = participants
            self.answers = answers
            self.late = late
            self.leaders = leaders
            self.communes = communes
        }

        public static func == (a: Counts, b: Counts) -> Bool {
            a.participants == b.participants && a.answers == b.answers && a.late == b.late
                && a.leaders.elementsEqual(b.leaders) { $0.phone == $1.phone && $0.score == $1.score && $0.reachedAt == $1.reachedAt }
                && a.communes.elementsEqual(b.communes) { $0 == $1 }
        }
    }

    /// `counts` shaped by the quiz, leaders' numbers masked for the air in `country`.
    public init(quiz: Quiz, states: QuizStates, at now: Date, counts: Counts, country: String) {
        self.quiz = quiz.id
        self.participants = counts.participants
        self.leaders = counts.leaders.enumerated().map { index, leader in
            Leader(rank: index + 1, phone: leader.phone.maskedForAir(country: country), score: leader.score, reachedAt: leader.reachedAt)
        }
        self.communes = counts.communes.map {
            Commune(name: $0.name, answers: $0.answers, rightShare: $0.answers == 0 ? 0 : Int((Double($0.right) * 100 / Double($0.answers)).rounded()))
        }
        let late = counts.late
        self.questions = quiz.questions.map { question in
            let byLetter = counts.answers[question.id] ?? [:]
            let answers = byLetter.values.reduce(0, +)
            let percent = { (count: Int) in answers == 0 ? 0 : Int((Double(count) * 100 / Double(answers)).rounded()) }
            return Question(
                number: question.number, state: quiz.state(of: question, commands: states, at: now), answers: answers,
                late: late[question.id] ?? 0,
                choices: question.choices.map {
                    Question.Choice(letter: $0.letter, answers: byLetter[$0.letter] ?? 0, share: percent(byLetter[$0.letter] ?? 0), right: $0.letter == question.answer)
                },
                rightShare: percent(byLetter[question.answer] ?? 0)
            )
        }
    }
}

extension PhoneNumber {
    /// The number as a radio host may read it and a results page may show it: the
    /// country code, the first digit and the last two, in pairs (`+223 7• •• •• 12`), so
    /// a winner recognises their number and nobody else can call it. A number outside
    /// `country` is masked as ``masked``.
    public func maskedForAir(country: String) -> String {
        let digits = Array(e164.dropFirst())
        guard e164.dropFirst().hasPrefix(country), digits.count > country.count + 3 else { return masked }
        let national = digits.dropFirst(country.count)
        let shown = national.enumerated().map { index, digit in
            index == 0 || index >= national.count - 2 ? digit : "•"
        }
        var pairs: [String] = []
        var index = shown.count % 2 == 0 ? 0 : 1
        if index == 1 { pairs.append(String(shown[0])) }
        while index < shown.count {
            pairs.append(String(shown[index..<min(index + 2, shown.count)]))
            index += 2
        }
        return "+\(country) " + pairs.joined(separator: " ")
    }
}
