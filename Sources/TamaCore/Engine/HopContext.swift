import Foundation

/// What a hop brings to the engine besides the session: the aggregator's text and the
/// facts only the store knows.
public struct HopContext: Sendable {
    /// The aggregator's accumulated input (`1*2*hello`); see ``HopText``.
    public var text: String
    /// The language remembered for this phone from earlier sessions, if any.
    public var knownLanguage: Language?
    /// The reference the next citizen question will get. The store reads it inside the
    /// hop's transaction and inserts the question under it, so the number on the screen
    /// is the one officials see.
    public var nextQuestionNumber: Int
    /// The phone sent STOP: a screen that subscribes it says the STOP stays.
    public var optedOut: Bool
    /// The hosts' commands on quiz questions: with the quizzes' times, which are open.
    public var quizStates: QuizStates
    /// The questions this phone's answer already counts for, as `quiz/question`.
    public var answeredQuestions: Set<String>
    public var now: Date

    public init(
        text: String, knownLanguage: Language?, nextQuestionNumber: Int, optedOut: Bool = false, quizStates: QuizStates = QuizStates(),
        answeredQuestions: Set<String> = [], now: Date
    ) {
        self.text = text
        self.knownLanguage = knownLanguage
        self.optedOut = optedOut
        self.quizStates = quizStates
        self.answeredQuestions = answeredQuestions
        self.nextQuestionNumber = nextQuestionNumber
        self.now = now
    }
}
