import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/quizzes`: the quizzes with their questions' states, one quiz's results and
/// leaders (numbers masked), and a host's open and close. Hosts, campaign teams, admins.
struct QuizRoutes {
    typealias Context = SignedInContext
    let service: QuizService

    func register(on group: RouterGroup<Context>) {
        let read = group.group().add(middleware: RequirePermission(.readQuizResults))
        read.get("quizzes", use: list)
        read.get("quizzes/:quiz", use: show)
        group.group().add(middleware: RequirePermission(.runQuizzes)).post("quizzes/:quiz/questions/:question/:action", use: change)
    }

    struct Listed: ResponseEncodable {
        struct Entry: Encodable {
            var id: String
            var title: String
            var questions: Int
        }

        var quizzes: [Entry]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Listed {
        Listed(quizzes: service.quizzes.map { .init(id: $0.id, title: $0.title.text(in: "fr"), questions: $0.questions.count) })
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> QuizResults {
        try await answering { try await service.results(context.parameters.get("quiz") ?? "") }
    }

    @Sendable func change(_ request: Request, context: Context) async throws -> QuizResults {
        let state: QuestionState
        switch context.parameters.get("action") {
        case "open": state = .open
        case "close": state = .closed
        default: throw APIError.notFound("the actions are open and close")
        }
        let quiz = context.parameters.get("quiz") ?? ""
        return try await answering {
            try await service.set(state, question: context.parameters.get("question") ?? "", of: quiz, actor: context.token.actor, role: context.token.role)
            return try await service.results(quiz)
        }
    }

    private func answering<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let problem as QuizProblem {
            throw APIError.notFound(problem.description)
        }
    }
}

extension QuizResults: ResponseEncodable {}
