import Foundation

/// A radio quiz as one menu file defines it: its questions, their choices and right
/// answers, once. USSD screens show it, SMS answers are read against it, and the store
/// keeps whether each answer was right when it arrives, so results are a count.
public struct Quiz: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        /// `A`, `B`, `C`: what listeners text and hosts read on air.
        public var letter: String
        public var label: Localized

        public init(letter: String, label: Localized) {
            self.letter = letter
            self.label = label
        }
    }

    public struct Question: Sendable, Equatable {
        /// `q1`, `q2`…: the question's place in the quiz, as answers are stored.
        public var id: String { "q\(number)" }
        /// 1 for the first: what `Q2 B`, `2B` and `OUVRIR 2` name.
        public var number: Int
        public var text: Localized
        public var choices: [Choice]
        /// The right choice's letter.
        public var answer: String
        public var points: Int

        public init(number: Int, text: Localized, choices: [Choice], answer: String, points: Int = 1) {
            self.number = number
            self.text = text
            self.choices = choices
            self.answer = answer
            self.points = points
        }

        /// The choice a listener means by `text` (`b`, ` B `, `Ｂ`), if it is one.
        public func choice(matching text: String) -> Choice? {
            let folded = Folding.fold(text)
            return choices.first { Folding.fold($0.letter) == folded }
        }

        public var letters: [String] { choices.map(\.letter) }
    }

    /// The quiz's name in the store and on the command line (`civisme-2026`).
    public var id: String
    public var title: Localized
    public var questions: [Question]
    /// Without a host's command, questions are open from `opens` until `closes`.
    public var opens: Date?
    public var closes: Date?
    /// What a draw's winners are told by SMS, in their language; no SMS without it.
    public var winnerText: Localized?
    /// What every participant of a question is told when it closes (`{question}`,
    /// `{answer}`, `{score}`); no SMS without it.
    public var answerText: Localized?

    public init(
        id: String, title: Localized, questions: [Question], opens: Date? = nil, closes: Date? = nil, winnerText: Localized? = nil,
        answerText: Localized? = nil
    ) {
        self.answerText = answerText
        self.id = id
        self.title = title
        self.questions = questions
        self.opens = opens
        self.closes = closes
        self.winnerText = winnerText
    }

    /// The question `word` names: `2`, `q2`, `Q2` (nil when there is none).
    public func question(named word: String) -> Question? {
        let folded = Folding.fold(word)
        let digits = folded.hasPrefix("Q") ? folded.dropFirst() : folded[...]
        return Int(digits).flatMap { number in questions.first { $0.number == number } }
    }

    /// Where question `number` stands at `now`: the host's last command if there was one,
    /// else the quiz's times (open between them; waiting before, or with none; closed after).
    public func state(of question: Question, commands: QuizStates, at now: Date) -> QuestionState {
        if let commanded = commands[id, question.id] { return commanded }
        if let closes, now >= closes { return .closed }
        if let opens, now >= opens { return .open }
        return .waiting
    }
}

/// The SMS every participant of a question gets when the host closes it: the right answer
/// and their score so far, in their language, `{score}` left for the store to fill per
/// person. What U-Report's users have asked for since 2014.
public struct QuizAnnouncement: Sendable, Equatable {
    public var texts: [Language: String]
    /// For people whose language the quiz does not speak, or is unknown.
    public var fallback: Language

    /// Nil when the quiz sends no such SMS.
    public init?(_ question: Quiz.Question, of quiz: Quiz, languages: [Language]) {
        guard let template = quiz.answerText, let fallback = languages.first else { return nil }
        var texts: [Language: String] = [:]
        for language in languages {
            let answer = question.choices.first { $0.letter == question.answer }.map { "\($0.letter) (\($0.label.text(in: language)))" } ?? question.answer
            texts[language] = Template(template.text(in: language)).render(["question": "Q\(question.number)", "answer": answer], keepingUnknown: true)
        }
        self.texts = texts
        self.fallback = fallback
    }
}

/// Where a question stands for listeners.
public enum QuestionState: String, Sendable, Codable {
    /// Not asked on air yet: an answer now is late and never counts.
    case waiting
    /// Asked: the first answer per person counts.
    case open
    /// Over: an answer now is late.
    case closed
}

/// The hosts' last command per question (`quiz/question` → state): what overrides a
/// quiz's times. Read from the store with each hop and message.
public struct QuizStates: Sendable, Equatable {
    public var states: [String: QuestionState]

    public init(_ states: [String: QuestionState] = [:]) {
        self.states = states
    }

    public subscript(quiz: String, question: String) -> QuestionState? {
        states["\(quiz)/\(question)"]
    }
}
