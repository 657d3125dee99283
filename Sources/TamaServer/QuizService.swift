import Foundation
import TamaCore
import TamaStore

/// The radio quizzes as hosts run them, for the API, the pages, the command line and
/// hosts' SMS alike: it speaks the domain and throws ``QuizProblem``; each of them says it
/// in its own words.
public struct QuizService: Sendable {
    let database: AppDatabase
    let catalog: MenuCatalog
    /// The calling code numbers are masked in (`+223 7• •• •• 12`).
    let country: String
    let now: @Sendable () -> Date

    public init(database: AppDatabase, catalog: MenuCatalog, country: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.catalog = catalog
        self.country = country
        self.now = now
    }

    /// Leaders a results page or answer shows.
    static let leaders = 10

    /// Every quiz the menus define, by id.
    public var quizzes: [Quiz] {
        catalog.menus.flatMap(\.quizzes.values).sorted { $0.id < $1.id }
    }

    public func quiz(_ id: String) throws(QuizProblem) -> Quiz {
        guard let quiz = quizzes.first(where: { $0.id == id }) else { throw .unknownQuiz(id) }
        return quiz
    }

    public func results(_ id: String) async throws -> QuizResults {
        let quiz = try quiz(id)
        let counts = try await database.quizCounts(quiz.id, leaders: Self.leaders)
        return QuizResults(quiz: quiz, states: try await database.quizStates(), at: now(), counts: counts, country: country)
    }

    /// Opens or closes question `question` (`2`, `q2`) of quiz `id` for `actor`.
    @discardableResult
    public func set(_ state: QuestionState, question word: String, of id: String, actor: String, role: Role?) async throws -> Quiz.Question {
        let quiz = try quiz(id)
        guard let question = quiz.question(named: word) else { throw QuizProblem.unknownQuestion(word, quiz: quiz.id, count: quiz.questions.count) }
        try await database.setState(state, of: question.id, in: quiz.id, actor: actor, role: role, at: now())
        return question
    }
}

/// Why a quiz command cannot be carried out.
public enum QuizProblem: Error, Equatable, CustomStringConvertible {
    case unknownQuiz(String)
    case unknownQuestion(String, quiz: String, count: Int)

    public var description: String {
        switch self {
        case .unknownQuiz(let id): "there is no quiz '\(id.prefix(40))'"
        case .unknownQuestion(let word, let quiz, let count): "quiz '\(quiz)' has no question '\(word.prefix(20))'; it has 1 to \(count)"
        }
    }
}
