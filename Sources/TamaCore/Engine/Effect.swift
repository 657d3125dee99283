/// A change a hop makes outside its session. The engine only describes it; the store
/// applies it in the same transaction as the session, before the phone gets its reply.
/// The caller's phone and the time come with the hop, so they are not repeated here.
public enum Effect: Sendable, Equatable {
    case setLanguage(Language)
    /// Join a campaign. It does not lift a STOP: only ``optIn`` does.
    case subscribe(campaign: String)
    case unsubscribe(campaign: String)
    case answerQuiz(QuizAnswer)
    case askQuestion(CitizenQuestion)
    /// The citizen said where they live: their question `number`, asked by SMS, goes to
    /// `commune`'s officials, and the commune is remembered for their next one.
    case placeQuestion(number: Int, commune: String, notice: QuestionNotice)
    /// Official `official` answered question `number`: `relay` is what the citizen is sent.
    case answerQuestion(number: Int, official: Int64, text: String, relay: String)
    /// The citizen who asked question `number` said what they made of its answer.
    case rateAnswer(number: Int, rating: AnswerRating)
    /// Opt out of everything (STOP): no broadcast reaches the number until it opts in.
    case optOut
    /// Lift a STOP: the person texted JOIN or START, which the STOP reply names as the
    /// way back. Joining one campaign by a menu must not quietly bring back the others.
    case optIn
    /// The help text went out now; see ``SMSResponder/helpInterval``.
    case rememberHelpReply
    /// A host opened or closed a quiz question by SMS; closing may tell every participant
    /// the answer and their score.
    case setQuizState(quiz: String, question: String, state: QuestionState, announcement: QuizAnnouncement?)
}

/// One answer to a quiz question, judged when it arrives against the quiz's definition.
public struct QuizAnswer: Sendable, Equatable {
    public var quiz: String
    public var question: String
    /// The choice's letter.
    public var choice: String
    public var correct: Bool
    /// What it earns: the question's points when right and in time, else 0.
    public var points: Int
    /// Given while the question was not open: kept, never counted.
    public var late: Bool

    public init(quiz: String, question: String, choice: String, correct: Bool, points: Int, late: Bool) {
        self.quiz = quiz
        self.question = question
        self.choice = choice
        self.correct = correct
        self.points = points
        self.late = late
    }

    /// `choice` as an answer to `question` of `quiz`, in `state`.
    public init(_ choice: Quiz.Choice, to question: Quiz.Question, of quiz: Quiz, state: QuestionState) {
        let late = state != .open
        let correct = choice.letter == question.answer
        self.init(
            quiz: quiz.id, question: question.id, choice: choice.letter, correct: correct, points: correct && !late ? question.points : 0,
            late: late
        )
    }
}

/// A question from a citizen to the elected officials of a commune.
public struct CitizenQuestion: Sendable, Equatable {
    /// The reference the citizen is shown and officials answer with (`R 123 …`).
    public var number: Int
    /// A commune id of the menu's `questions:`; nil while an SMS question waits for the
    /// citizen to say where they live.
    public var commune: String?
    /// A topic id; empty for an SMS question, which goes to the officials who take every topic.
    public var topic: String
    public var text: String
    /// True unless the citizen chose to give their name: people fear speaking out.
    public var anonymous: Bool
    /// The citizen's language, which the answer is framed in.
    public var language: Language
    /// What the officials it reaches are texted.
    public var notice: QuestionNotice

    public init(number: Int, commune: String?, topic: String, text: String, anonymous: Bool, language: Language, notice: QuestionNotice) {
        self.number = number
        self.commune = commune
        self.topic = topic
        self.text = text
        self.anonymous = anonymous
        self.language = language
        self.notice = notice
    }
}
