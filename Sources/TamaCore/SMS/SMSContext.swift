import Foundation

/// What the store knows about the sender when their SMS arrives, read inside the same
/// transaction that applies the outcome.
public struct SMSContext: Sendable {
    public var knownLanguage: Language?
    public var optedOut: Bool
    /// When Tama last answered this number with the help text.
    public var lastHelpReply: Date?
    /// Questions this number's answer counts for, as `quiz/question`.
    public var answeredQuestions: Set<String>
    /// The hosts' commands on quiz questions: with the quizzes' times, which are open.
    public var quizStates: QuizStates
    public var nextQuestionNumber: Int
    public var now: Date

    public init(
        knownLanguage: Language? = nil, optedOut: Bool = false, lastHelpReply: Date? = nil,
        answeredQuestions: Set<String> = [], quizStates: QuizStates = QuizStates(), nextQuestionNumber: Int = 1, now: Date
    ) {
        self.quizStates = quizStates
        self.knownLanguage = knownLanguage
        self.optedOut = optedOut
        self.lastHelpReply = lastHelpReply
        self.answeredQuestions = answeredQuestions
        self.nextQuestionNumber = nextQuestionNumber
        self.now = now
    }
}
