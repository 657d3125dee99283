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
    /// The quizzes the sender hosts, when it is a registered host's number.
    public var hosts: Set<HostScope>
    /// What a quiz has gathered so far, read in the message's own transaction when a host
    /// asks for results.
    public var quizCounts: @Sendable (String) -> QuizResults.Counts?
    public var nextQuestionNumber: Int
    /// The commune the sender's record names (a sheet's or an earlier answer's), if any.
    public var commune: String?
    /// The sender's question waiting to be told its commune, asked back once.
    public var questionAwaitingCommune: Int?
    /// The official registered with the sender's number, when in office.
    public var official: RegisteredOfficial?
    /// What the store knows of a question an SMS names, read in the message's own
    /// transaction; nil when there is no such question.
    public var question: @Sendable (Int) -> QuestionFacts?
    public var now: Date

    public init(
        knownLanguage: Language? = nil, optedOut: Bool = false, lastHelpReply: Date? = nil,
        answeredQuestions: Set<String> = [], quizStates: QuizStates = QuizStates(), hosts: Set<HostScope> = [],
        quizCounts: @escaping @Sendable (String) -> QuizResults.Counts? = { _ in nil }, nextQuestionNumber: Int = 1,
        commune: String? = nil, questionAwaitingCommune: Int? = nil, official: RegisteredOfficial? = nil,
        question: @escaping @Sendable (Int) -> QuestionFacts? = { _ in nil }, now: Date
    ) {
        self.commune = commune
        self.questionAwaitingCommune = questionAwaitingCommune
        self.official = official
        self.question = question
        self.quizStates = quizStates
        self.hosts = hosts
        self.quizCounts = quizCounts
        self.knownLanguage = knownLanguage
        self.optedOut = optedOut
        self.lastHelpReply = lastHelpReply
        self.answeredQuestions = answeredQuestions
        self.nextQuestionNumber = nextQuestionNumber
        self.now = now
    }
}
