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
        read.get("quizzes/:quiz/draws/:draw", use: draw)
        read.get("quizzes/:quiz/answers.csv", use: answers)
        read.get("quizzes/:quiz/leaderboard.csv", use: leaderboard)
        let run = group.group().add(middleware: RequirePermission(.runQuizzes))
        run.post("quizzes/:quiz/questions/:question/:action", use: change)
        run.post("quizzes/:quiz/draws", use: newDraw)
        group.group().add(middleware: RequirePermission(.readWinners)).get("quizzes/:quiz/draws/:draw/winners", use: winners)
    }

    struct DrawRequest: Decodable {
        var among: String?
        var count: Int?
    }

    struct Drawn: ResponseEncodable {
        var draw: PublishedDraw
        /// The draw as published, for anyone to keep and check with `tama quiz verify-draw`.
        var text: String
    }

    @Sendable func newDraw(_ request: Request, context: Context) async throws -> EditedResponse<Drawn> {
        let asked = try await decode(DrawRequest.self, request, context)
        guard let pool = AppDatabase.DrawPool(rawValue: asked.among ?? "all-correct") else {
            throw APIError.badRequest("'among' is all-correct or participants")
        }
        let draw = try await answering {
            try await service.draw(context.parameters.get("quiz") ?? "", among: pool, count: asked.count ?? 1, actor: context.token.actor, role: context.token.role)
        }
        return EditedResponse(status: .created, response: Drawn(draw: draw, text: draw.text))
    }

    @Sendable func draw(_ request: Request, context: Context) async throws -> Drawn {
        let draw = try await answering { try await service.published(context.parameters.get("draw", as: Int64.self) ?? -1) }
        return Drawn(draw: draw, text: draw.text)
    }

    @Sendable func answers(_ request: Request, context: Context) async throws -> Response {
        try await report(context, "answers") { quiz, phone in try await service.database.quizAnswersReport(quiz, phone: phone) }
    }

    @Sendable func leaderboard(_ request: Request, context: Context) async throws -> Response {
        try await report(context, "leaderboard") { quiz, phone in try await service.database.quizLeaderboardReport(quiz, phone: phone) }
    }

    /// A CSV of the quiz: numbers masked for the air unless the role delivers prizes (the
    /// campaign team), whose export of whole numbers is audited.
    private func report(
        _ context: Context, _ name: String, _ lines: (String, @escaping @Sendable (PhoneNumber) -> String) async throws -> [String]
    ) async throws -> Response {
        let quiz = try await answering { try service.quiz(context.parameters.get("quiz") ?? "") }
        let whole = context.token.role.allows(.readWinners)
        let country = service.country
        if whole {
            try await service.database.audit(
                actor: context.token.actor, role: context.token.role, action: "quiz.export", target: "quiz \(quiz.id)", detail: ["report": name], at: service.now()
            )
        }
        let csv = try await lines(quiz.id) { whole ? $0.e164 : $0.maskedForAir(country: country) }.map { $0 + "\r\n" }.joined()
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(quiz.id)-\(name).csv\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: csv))
        )
    }

    struct Winners: ResponseEncodable {
        var draw: Int64
        var phones: [String]
    }

    /// The whole numbers, for the prize's delivery: audited at each look.
    @Sendable func winners(_ request: Request, context: Context) async throws -> Winners {
        let id = context.parameters.get("draw", as: Int64.self) ?? -1
        _ = try await answering { try await service.published(id) }
        let phones = try await service.database.drawWinners(id, actor: context.token.actor, role: context.token.role, at: service.now())
        return Winners(draw: id, phones: phones.map(\.e164))
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
            switch problem {
            case .nobodyEligible: throw APIError.conflict(problem.description)
            case .badCount: throw APIError.badRequest(problem.description)
            default: throw APIError.notFound(problem.description)
            }
        }
    }
}

extension QuizResults: ResponseEncodable {}
