/// A menu's radio quiz as SMS answers it. The USSD screens already say which questions
/// exist and which choices each accepts, so SMS reads them there instead of a second list
/// that could drift from the screens.
public struct SMSQuiz: Sendable, Equatable {
    public struct Question: Sendable, Equatable {
        public var id: String
        public var choices: [String]
        /// The id and choices as ``Folding`` writes what people text, made once.
        let foldedID: String
        let foldedChoices: [String]

        init(id: String, choices: [String]) {
            self.id = id
            self.choices = choices
            self.foldedID = Folding.fold(id)
            self.foldedChoices = choices.map(Folding.fold)
        }

        /// The choice as the menu writes it, for a folded one.
        func choice(folded: String) -> String? {
            foldedChoices.firstIndex(of: folded).map { choices[$0] }
        }
    }

    public var quiz: String
    /// In the order people answer them: `q1` before `q2` before `q10`.
    public var questions: [Question]
    /// Every question's folded choices: a text that is one of them is an answer.
    let allChoices: Set<String>

    /// The menu's first quiz (by name) with literal choices, or nil when it has none.
    public init?(menu: Menu) {
        var choices: [String: [String: Set<String>]] = [:]
        for screen in menu.screens.values {
            for option in screen.options {
                for case .answerQuiz(let quiz, let question, let choice) in option.actions where choice.variables.isEmpty {
                    choices[quiz, default: [:]][question, default: []].insert(choice.source)
                }
            }
        }
        guard let quiz = choices.keys.min(), let questions = choices[quiz] else { return nil }
        self.quiz = quiz
        self.questions = questions
            .map { Question(id: $0.key, choices: $0.value.sorted()) }
            .sorted { $0.id.compare(naturally: $1.id) }
        self.allChoices = Set(self.questions.flatMap(\.foldedChoices))
    }

    /// The question whose id folds to `word` (`Q2`, `q2`).
    public func question(named word: String) -> Question? {
        questions.first { $0.foldedID == word }
    }
}

extension String {
    /// `q2` before `q10`: digit runs compare as numbers.
    func compare(naturally other: String) -> Bool {
        let key: (String) -> (String, Int) = { text in
            let digits = text.reversed().prefix { $0.isASCII && $0.isNumber }
            return (String(text.dropLast(digits.count)), Int(String(digits.reversed())) ?? -1)
        }
        return key(self) < key(other)
    }
}
