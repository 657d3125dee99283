import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/questions` and `/api/v1/communes/{commune}/moderation`: campaign teams read
/// and moderate citizens' questions; an official reads and answers those sent to them.
/// No answer ever carries an anonymous citizen's number: the store has none beside them.
struct QuestionRoutes {
    typealias Context = SignedInContext
    let service: QuestionService

    func register(on group: RouterGroup<Context>) {
        let read = group.group("questions").add(middleware: RequirePermission(.readQuestions))
        read.get(use: list)
        read.get(":number", use: show)
        let moderate = group.group().add(middleware: RequirePermission(.moderateQuestions))
        moderate.post("questions/:number/approve", use: approve)
        moderate.post("questions/:number/hide", use: hide)
        moderate.put("communes/:commune/moderation", use: hold)
        moderate.post("questions/:number/public", use: makePublic)
        group.group("questions").add(middleware: RequirePermission(.markAnsweredOnAir)).post(":number/on-air", use: onAir)
        group.group("questions").add(middleware: RequirePermission(.answerQuestions)).post(":number/answers", use: answer)
        // Public figures: any token reads them, as anyone reads /redevabilite.
        group.get("accountability", use: accountability)
    }

    struct Figures: ResponseEncodable {
        struct Official: Encodable {
            var name: String
            var office: Office
        }

        var figures: Accountability
        /// The officials the figures name, by registry id: names and offices only.
        var officials: [String: Official]
    }

    /// `?days=30|90|365` (90 by default).
    @Sendable func accountability(_ request: Request, context: Context) async throws -> Figures {
        let days = request.uri.queryParameters.get("days", as: Int.self) ?? 90
        guard QuestionService.windows.contains(days) else {
            throw APIError.badRequest("days is one of \(QuestionService.windows.map(String.init).joined(separator: ", "))")
        }
        let (figures, officials) = try await service.accountability(days: days)
        let named = Set(figures.communes.flatMap { $0.officials.map(\.key) })
        return Figures(
            figures: figures,
            officials: Dictionary(
                uniqueKeysWithValues: officials.filter { named.contains(String($0.key)) }.map { (String($0.key), Figures.Official(name: $0.value.official.name, office: $0.value.official.office)) }
            )
        )
    }

    struct Shown: ResponseEncodable {
        struct Answer: Encodable {
            var official: Int64?
            var text: String
            var channel: String
            var answeredAt: Date
        }

        var number: Int
        var commune: String
        var topic: String
        var text: String
        var status: String
        var askedAt: Date
        /// Only when the citizen chose to sign.
        var signedBy: String?
        var escalated: Bool
        var hiddenReason: String?
        var isPublic: Bool
        var answeredOnAir: Bool
        var answers: [Answer]
        var rating: String?

        init(_ question: AppDatabase.StoredQuestion) {
            number = question.number
            commune = question.commune
            topic = question.topic
            text = question.text
            status = question.status.rawValue
            askedAt = question.askedAt
            signedBy = question.signedBy?.e164
            escalated = question.escalated
            hiddenReason = question.hiddenReason
            isPublic = question.isPublic
            answeredOnAir = question.answeredOnAir
            answers = question.answers.map { Answer(official: $0.official, text: $0.text, channel: $0.channel, answeredAt: $0.answeredAt) }
            rating = question.rating?.rawValue
        }
    }

    struct Listed: ResponseEncodable {
        var questions: [Shown]
    }

    /// `?status=held`, `?commune=diema`, `?escalated=true`; an official's token lists only
    /// the questions sent to that official.
    @Sendable func list(_ request: Request, context: Context) async throws -> Listed {
        let query = request.uri.queryParameters
        var statuses: [QuestionFacts.Status] = []
        if let status = query.get("status") {
            guard let known = QuestionFacts.Status(rawValue: status) else {
                throw APIError.badRequest("status is one of awaiting_commune, held, routed, answered, hidden")
            }
            statuses = [known]
        }
        let questions = try await service.database.questions(
            statuses: statuses, commune: query.get("commune"), official: context.token.role == .official ? context.token.official ?? -1 : nil,
            escalated: query.get("escalated") == "true"
        )
        return Listed(questions: questions.map(Shown.init))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Shown {
        let question = try await stored(context)
        if context.token.role == .official, !question.recipients.contains(context.token.official ?? -1) {
            throw APIError.notFound("question \(question.number) was not sent to you")
        }
        return Shown(question)
    }

    @Sendable func approve(_ request: Request, context: Context) async throws -> Shown {
        let number = try number(context)
        try await refusing { try await service.approve(number, actor: context.token.actor, role: context.token.role) }
        return Shown(try await stored(context))
    }

    struct Hiding: Decodable {
        var reason: String
    }

    @Sendable func hide(_ request: Request, context: Context) async throws -> Shown {
        let number = try number(context)
        let hiding = try await decode(Hiding.self, request, context)
        try await refusing { try await service.hide(number, reason: hiding.reason, actor: context.token.actor, role: context.token.role) }
        return Shown(try await stored(context))
    }

    struct Moderation: Decodable, ResponseEncodable {
        var hold: Bool
    }

    @Sendable func hold(_ request: Request, context: Context) async throws -> Moderation {
        let moderation = try await decode(Moderation.self, request, context)
        let commune = context.parameters.get("commune") ?? ""
        try await refusing { try await service.hold(commune, moderation.hold, actor: context.token.actor, role: context.token.role) }
        return moderation
    }

    struct Visibility: Decodable {
        var `public`: Bool
    }

    @Sendable func makePublic(_ request: Request, context: Context) async throws -> Shown {
        let number = try number(context)
        let visibility = try await decode(Visibility.self, request, context)
        try await refusing { try await service.makePublic(number, visibility.public, actor: context.token.actor, role: context.token.role) }
        return Shown(try await stored(context))
    }

    struct OnAir: Decodable {
        /// What was said, briefly; optional.
        var text: String?
    }

    @Sendable func onAir(_ request: Request, context: Context) async throws -> Shown {
        let number = try number(context)
        let said = try await decode(OnAir.self, request, context)
        try await refusing { try await service.answeredOnAir(number, text: said.text, actor: context.token.actor, role: context.token.role) }
        return Shown(try await stored(context))
    }

    struct NewAnswer: Decodable {
        var text: String
    }

    /// An official's answer, as an `R 123 …` by SMS.
    @Sendable func answer(_ request: Request, context: Context) async throws -> EditedResponse<Shown> {
        let number = try number(context)
        let new = try await decode(NewAnswer.self, request, context)
        guard let id = context.token.official, let official = try await service.database.official(id: id), official.retiredAt == nil else {
            throw APIError.forbidden("only an official in office answers, with their own token")
        }
        try await refusing { try await service.answer(number, by: official, text: new.text) }
        return EditedResponse(status: .created, response: Shown(try await stored(context)))
    }

    private func number(_ context: Context) throws -> Int {
        guard let number = context.parameters.get("number", as: Int.self) else { throw APIError.badRequest("a question's number is a whole number") }
        return number
    }

    private func stored(_ context: Context) async throws -> AppDatabase.StoredQuestion {
        let number = try number(context)
        guard let question = try await service.database.question(number) else { throw APIError.notFound("there is no question \(number)") }
        return question
    }

    /// The service's refusals as the API's: an unknown question is a 404, the rest 400s.
    private func refusing(_ work: () async throws -> Void) async throws {
        do {
            try await work()
        } catch let problem as QuestionProblem {
            if case .unknown = problem { throw APIError.notFound(problem.description) }
            if case .answer(.noSuchQuestion) = problem { throw APIError.notFound(problem.description) }
            throw APIError.badRequest(problem.description)
        }
    }
}
