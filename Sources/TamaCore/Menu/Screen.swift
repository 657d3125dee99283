/// What a phone shows at one point of a menu, and what the caller can answer.
public struct Screen: Sendable {
    public enum Body: Sendable {
        /// Numbered choices; each leads to another screen.
        case options([Option])
        /// A typed answer, checked, saved in a variable, then on to `target`.
        case input(Input)
        /// Nothing to answer: the session ends here.
        case final
        /// A radio quiz: the caller answers its open questions she has not answered yet,
        /// one screen each, then goes on; the screen's own text says when none is open.
        case quiz(QuizScreen)
    }

    public struct QuizScreen: Sendable, Equatable {
        public var quiz: String
        /// Where the caller goes once she has answered every open question.
        public var target: String

        public init(quiz: String, target: String) {
            self.quiz = quiz
            self.target = target
        }
    }

    public var id: String
    public var text: Localized
    public var body: Body

    public init(id: String, text: Localized, body: Body) {
        self.id = id
        self.text = text
        self.body = body
    }

    public var isFinal: Bool {
        if case .final = body { true } else { false }
    }

    public var options: [Option] {
        if case .options(let options) = body { options } else { [] }
    }

    /// Whether every text the screen shows is the same whatever the session holds.
    public var usesNoVariables: Bool {
        let texts = text.values.values + options.flatMap { $0.label.values.values }
        return texts.allSatisfy { Template($0).variables.isEmpty }
    }

    /// Every action the screen's answers can take.
    public var actions: [Action] {
        switch body {
        case .options(let options): options.flatMap(\.actions)
        case .input(let input): input.actions
        case .final, .quiz: []
        }
    }

    /// The screens this one leads to.
    public var targets: [String] {
        switch body {
        case .options(let options): options.map(\.target)
        case .input(let input): [input.target]
        case .quiz(let quiz): [quiz.target]
        case .final: []
        }
    }
}

extension Screen {
    public struct Option: Sendable {
        public var key: String
        public var label: Localized
        /// Variables the choice sets (`commune: kayes`), visible to later screens and actions.
        public var assignments: [String: String]
        public var actions: [Action]
        public var target: String

        public init(key: String, label: Localized, assignments: [String: String] = [:], actions: [Action] = [], target: String) {
            self.key = key
            self.label = label
            self.assignments = assignments
            self.actions = actions
            self.target = target
        }
    }

    public struct Input: Sendable {
        public enum Kind: Sendable, Equatable {
            /// Free text, counted in characters as the caller sees them.
            case text(min: Int, max: Int)
            /// Only the digits 0-9, between `min` and `max` of them.
            case digits(min: Int, max: Int)
            /// One of a fixed list, compared without case, accents or surrounding spaces.
            case choice([String])
        }

        public var kind: Kind
        /// The variable that keeps the accepted answer.
        public var variable: String?
        /// Shown above the screen when an answer is refused; the menu's generic hint otherwise.
        public var hint: Localized?
        public var actions: [Action]
        public var target: String

        public init(kind: Kind, variable: String?, hint: Localized?, actions: [Action], target: String) {
            self.kind = kind
            self.variable = variable
            self.hint = hint
            self.actions = actions
            self.target = target
        }
    }
}
