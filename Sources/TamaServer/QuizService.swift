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

    /// The route winners' SMS go by (none: no SMS).
    let route: String?

    public init(database: AppDatabase, catalog: MenuCatalog, country: String, route: String?, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.catalog = catalog
        self.country = country
        self.route = route
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

    /// A season: every quiz of one menu (its campaign), with the best scores summed over them.
    public struct Season: Sendable {
        public var campaign: String
        public var quizzes: [Quiz]
        public var leaders: [QuizResults.Leader]
    }

    public func seasons() async throws -> [Season] {
        var seasons: [Season] = []
        for menu in catalog.menus.sorted(by: { $0.service < $1.service }) where !menu.quizzes.isEmpty {
            let quizzes = menu.quizzes.values.sorted { $0.id < $1.id }
            let leaders = try await database.seasonLeaders(quizzes.map(\.id), limit: Self.leaders).enumerated().map { index, leader in
                QuizResults.Leader(rank: index + 1, phone: leader.phone.maskedForAir(country: country), score: leader.score, reachedAt: leader.reachedAt)
            }
            seasons.append(Season(campaign: menu.service, quizzes: quizzes, leaders: leaders))
        }
        return seasons
    }

    /// Opens or closes question `question` (`2`, `q2`) of quiz `id` for `actor`.
    @discardableResult
    public func set(_ state: QuestionState, question word: String, of id: String, actor: String, role: Role?) async throws -> Quiz.Question {
        let quiz = try quiz(id)
        guard let question = quiz.question(named: word) else { throw QuizProblem.unknownQuestion(word, quiz: quiz.id, count: quiz.questions.count) }
        let languages = catalog.menus.first { $0.quizzes[quiz.id] != nil }?.languages ?? []
        try await database.setState(
            state, of: question.id, in: quiz.id, announcing: state == .closed ? QuizAnnouncement(question, of: quiz, languages: languages) : nil,
            route: route, actor: actor, role: role, at: now()
        )
        return question
    }
}

extension QuizService {
    /// Draws `count` winners of quiz `id` among `pool`: first publishes the eligible list
    /// (masked, in a fixed order), its SHA-256 and the SHA-256 of a new secret seed; then
    /// draws from the seed and the list alone (``DrawProof``), reveals the seed and tells
    /// the winners by SMS. Both steps are in the audit log.
    public func draw(_ id: String, among pool: AppDatabase.DrawPool, count: Int, actor: String, role: Role?) async throws -> PublishedDraw {
        let quiz = try quiz(id)
        guard (1...100).contains(count) else { throw QuizProblem.badCount(count) }
        let eligible = try await database.eligible(for: quiz.id, pool, questions: quiz.questions.count)
        guard !eligible.isEmpty else { throw QuizProblem.nobodyEligible(quiz: quiz.id, pool: pool) }
        let list = eligible.map { $0.phone.maskedForAir(country: country) }
        let listHash = DrawProof.sha256(DrawProof.list(list))
        let seed = DrawProof.seed()
        let seedHash = DrawProof.sha256(seed)
        let drawID = try await database.recordDraw(
            quiz: quiz.id, pool: pool, count: count, list: list, subscribers: eligible.map(\.subscriber), listHash: listHash, seed: seed,
            seedHash: seedHash, actor: actor, role: role, at: now()
        )
        let winners = DrawProof.winners(seed: seed, listHash: listHash, size: list.count, count: count)
        let language = catalog.menus.first { $0.quizzes[quiz.id] != nil }?.defaultLanguage ?? "fr"
        let text = quiz.winnerText
        try await database.revealDraw(
            drawID, winners: winners, route: text == nil ? nil : route, ttl: 3 * 86_400,
            message: { text?.text(in: $0 ?? language) }, actor: actor, role: role, at: now()
        )
        return PublishedDraw(
            id: drawID, quiz: quiz.id, among: pool.rawValue, count: count, listHash: listHash, seedHash: seedHash, seed: seed, winners: winners,
            list: list
        )
    }

    /// Draw `id` as published.
    public func published(_ id: Int64) async throws -> PublishedDraw {
        guard let draw = try await database.draw(id) else { throw QuizProblem.unknownDraw(id) }
        return PublishedDraw(
            id: draw.id, quiz: draw.quiz, among: draw.pool, count: draw.count, listHash: draw.listHash, seedHash: draw.seedHash, seed: draw.seed,
            winners: draw.winners, list: draw.list
        )
    }
}

/// Why a quiz command cannot be carried out.
public enum QuizProblem: Error, Equatable, CustomStringConvertible {
    case unknownQuiz(String)
    case unknownQuestion(String, quiz: String, count: Int)
    case unknownDraw(Int64)
    case nobodyEligible(quiz: String, pool: AppDatabase.DrawPool)
    case badCount(Int)

    public var description: String {
        switch self {
        case .unknownQuiz(let id): "there is no quiz '\(id.prefix(40))'"
        case .unknownQuestion(let word, let quiz, let count): "quiz '\(quiz)' has no question '\(word.prefix(20))'; it has 1 to \(count)"
        case .unknownDraw(let id): "there is no draw \(id)"
        case .nobodyEligible(let quiz, let pool): "nobody is eligible for a draw of quiz '\(quiz)' among \(pool.rawValue); nothing was drawn"
        case .badCount(let count): "a draw has 1 to 100 winners, not \(count)"
        }
    }
}
