import Foundation
import Hummingbird
import ServiceLifecycle
import TamaCore
import TamaStore

/// `/radio`: what a host reads on air. Per quiz, the participants and, per question, its
/// state, the share of each choice as bars and the share right, with one button to open or
/// close it; the leaders, masked; a draw; and a card to read out. The numbers follow the
/// answers live through server-sent events; without script, a refresh shows the same.
struct RadioPages {
    typealias Context = SignedInContext
    let service: QuizService
    let live: QuizLive
    let pages: ConsolePages
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        let read = group.group().add(middleware: RequirePermission(.readQuizResults))
        read.get("", use: list)
        read.get(":quiz", use: show)
        read.get(":quiz/events", use: events)
        read.get(":quiz/draws/:draw", use: draw)
        let run = group.group().add(middleware: RequirePermission(.runQuizzes))
        run.post(":quiz/questions/:question/:action", use: change)
        run.post(":quiz/draws", use: newDraw)
    }

    struct ListPage {
        struct Season {
            struct Entry {
                var id: String
                var title: String
            }

            var campaign: String
            var quizzes: [Entry]
            var leaders: [QuizPage.Leader]
        }

        var layout: Layout
        var seasons: [Season]
        /// The question just marked answered on air (`?antenne=12`, after the form).
        var onAir: Int?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let seasons = try await service.seasons().map { season in
            ListPage.Season(
                campaign: season.campaign, quizzes: season.quizzes.map { .init(id: $0.id, title: $0.title.text(in: "fr")) },
                leaders: season.leaders.map { .init(rank: $0.rank, phone: $0.phone, score: $0.score) }
            )
        }
        return pages.render(
            "radio-list", ListPage(layout: Layout(title: "Quiz radio", context), seasons: seasons, onAir: request.uri.queryParameters.get("antenne", as: Int.self))
        )
    }

    struct QuizPage {
        struct Question {
            struct Choice {
                var letter: String
                var label: String
                var answers: Int
                var share: Int
                var right: Bool
            }

            var number: Int
            var text: String
            var state: String
            var stateWords: String
            var answers: Int
            var late: Int
            var rightShare: Int
            var choices: [Choice]
            var canOpen: Bool
            var canClose: Bool
        }

        struct Leader {
            var rank: Int
            var phone: String
            var score: Int
        }

        var layout: Layout
        var quiz: String
        var title: String
        var participants: Int
        var questions: [Question]
        var leaders: [Leader]
        var communes: [QuizResults.Commune]
        var run: Bool
        var card: [String]
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let id = context.parameters.get("quiz") ?? ""
        let quiz = try quiz(id)
        // Counted now, not shared: a host who just pressed a button sees its effect.
        let results = try await service.results(quiz.id)
        let run = context.token.role.allows(.runQuizzes)
        let questions = zip(quiz.questions, results.questions).map { question, counted in
            QuizPage.Question(
                number: question.number, text: question.text.text(in: "fr"), state: counted.state.rawValue, stateWords: counted.state.frenchWords,
                answers: counted.answers, late: counted.late, rightShare: counted.rightShare,
                choices: zip(question.choices, counted.choices).map {
                    .init(letter: $0.letter, label: $0.label.text(in: "fr"), answers: $1.answers, share: $1.share, right: $1.right)
                },
                canOpen: run && counted.state != .open, canClose: run && counted.state == .open
            )
        }
        let page = QuizPage(
            layout: Layout(title: quiz.title.text(in: "fr"), context), quiz: quiz.id, title: quiz.title.text(in: "fr"), participants: results.participants,
            questions: questions, leaders: results.leaders.map { .init(rank: $0.rank, phone: $0.phone, score: $0.score) },
            communes: results.communes.map { var commune = $0; commune.name = commune.name.isEmpty ? "commune inconnue" : commune.name; return commune }, run: run,
            card: OnAirCard(quiz: quiz, results: results, winner: nil).sentences
        )
        return pages.render("radio-quiz", page)
    }

    /// Server-sent events: the quiz's results as JSON each time they change, checked four
    /// times a second, and a comment every 15 s so a page that went away is noticed (the
    /// write fails). Browsers reconnect by themselves; a stream ends after an hour, or as
    /// soon as the daemon is asked to stop, which would otherwise wait for the studio's
    /// page to close.
    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        let quiz = try quiz(context.parameters.get("quiz") ?? "").id
        let live = self.live
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = ResponseBody { writer in
            var last = Data()
            var quiet = 0
            let end = Date().addingTimeInterval(3_600)
            while !Task.isCancelled, !Task.isShuttingDownGracefully, Date() < end {
                let data = try encoder.encode(try await live.results(quiz))
                if data != last {
                    try await writer.write(ByteBuffer(string: "data: " + String(decoding: data, as: UTF8.self) + "\n\n"))
                    last = data
                    quiet = 0
                } else if quiet >= 60 {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quiet = 0
                }
                quiet += 1
                try await Task.sleep(for: .milliseconds(250))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body
        )
    }

    @Sendable func change(_ request: Request, context: Context) async throws -> Response {
        let id = context.parameters.get("quiz") ?? ""
        let state: QuestionState = context.parameters.get("action") == "open" ? .open : .closed
        guard ["open", "close"].contains(context.parameters.get("action") ?? "") else { throw APIError.notFound("the actions are open and close") }
        do {
            try await service.set(state, question: context.parameters.get("question") ?? "", of: id, actor: context.token.actor, role: context.token.role)
        } catch let problem as QuizProblem {
            throw APIError.notFound(problem.description)
        }
        return Response(status: .seeOther, headers: [.location: "/radio/\(id)"])
    }

    struct DrawForm: Decodable {
        var among: String?
        var count: Int?
    }

    @Sendable func newDraw(_ request: Request, context: Context) async throws -> Response {
        let id = context.parameters.get("quiz") ?? ""
        let form = try await ConsoleForm.decode(DrawForm.self, request)
        guard let pool = AppDatabase.DrawPool(rawValue: form.among ?? "all-correct") else { throw APIError.badRequest("'among' is all-correct or participants") }
        let draw: PublishedDraw
        do {
            draw = try await service.draw(id, among: pool, count: form.count ?? 1, actor: context.token.actor, role: context.token.role)
        } catch let problem as QuizProblem {
            let french = if case .nobodyEligible = problem { "Personne ne peut gagner ce tirage : aucun auditeur ne remplit la condition. Rien n'a été tiré." } else { problem.description }
            return pages.message("Tirage impossible", french, layout: Layout(title: "Tirage impossible", context), status: .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/radio/\(id)/draws/\(draw.id)"])
    }

    struct DrawPage {
        var layout: Layout
        var quiz: String
        var text: String
        var winners: [String]
        var listHash: String
        var seedHash: String
        var seed: String
        var card: [String]
    }

    @Sendable func draw(_ request: Request, context: Context) async throws -> Response {
        let quiz = try quiz(context.parameters.get("quiz") ?? "")
        let draw: PublishedDraw
        do {
            draw = try await service.published(context.parameters.get("draw", as: Int64.self) ?? -1)
        } catch let problem as QuizProblem {
            throw APIError.notFound(problem.description)
        }
        let winners = draw.winners.map { draw.list[$0 - 1] }
        let results = try await service.results(quiz.id)
        let commune = try await service.database.drawWinnerCommunes(draw.id).first ?? nil
        let page = DrawPage(
            layout: Layout(title: "Tirage \(draw.id)", context), quiz: quiz.id, text: draw.text, winners: winners, listHash: draw.listHash,
            seedHash: draw.seedHash, seed: draw.seed ?? "",
            card: OnAirCard(quiz: quiz, results: results, winner: winners.first, commune: commune).sentences
        )
        return pages.render("radio-draw", page)
    }

    private func quiz(_ id: String) throws -> Quiz {
        do {
            return try service.quiz(id)
        } catch {
            throw APIError.notFound(error.description)
        }
    }
}

extension QuestionState {
    /// As the results page shows it.
    var frenchWords: String {
        switch self {
        case .waiting: "en attente"
        case .open: "ouverte"
        case .closed: "fermée"
        }
    }
}
