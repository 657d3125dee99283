import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// The pages of citizens' questions: `/inbox`, where an official reads what was sent to
/// them and answers it, and `/console/questions`, where a campaign team passes on held
/// questions, hides abusive ones and sees those flagged as waiting too long. Plain forms,
/// no script; no anonymous citizen's number is anywhere to show.
struct QuestionPages {
    typealias Context = SignedInContext
    let service: QuestionService
    let pages: ConsolePages

    func register(inbox: RouterGroup<Context>, console: RouterGroup<Context>, radio: RouterGroup<Context>) {
        let read = inbox.group().add(middleware: RequirePermission(.answerQuestions))
        read.get("", use: inboxPage)
        read.post(":number/answer", use: answer)
        let moderate = console.group("questions").add(middleware: RequirePermission(.moderateQuestions))
        moderate.get("", use: moderation)
        moderate.post(":number/approve", use: approve)
        moderate.post(":number/hide", use: hide)
        moderate.post("communes/:commune", use: hold)
        moderate.post(":number/public", use: makePublic)
        radio.group("questions").add(middleware: RequirePermission(.markAnsweredOnAir)).post("on-air", use: onAir)
    }

    /// A question as both pages show it.
    struct Shown {
        struct Answer {
            var by: String
            var text: String
            var at: String
        }

        var number: Int
        var commune: String
        var topic: String
        var text: String
        var status: String
        var statusCode: String
        var askedAt: String
        var signedBy: String?
        var escalated: Bool
        var answers: [Answer]
        var rating: String?
        var canAnswer: Bool
        var held: Bool
        var canHide: Bool
        var isPublic: Bool
        /// Answered and public: it can become a broadcast for its commune.
        var draftable: Bool
    }

    func shown(_ question: AppDatabase.StoredQuestion, officials: [Int64: String]) -> Shown {
        let questions = service.questions(of: question.commune)
        return Shown(
            number: question.number, commune: questions.commune(question.commune)?.name ?? question.commune,
            topic: questions.topics.first { $0.id == question.topic }?.name.text(in: "fr") ?? "",
            text: question.text, status: question.status.french, statusCode: question.status.rawValue, askedAt: ConsolePages.local(question.askedAt, in: service.zone),
            signedBy: question.signedBy?.e164, escalated: question.escalated,
            answers: question.answers.map { Shown.Answer(by: $0.official.flatMap { officials[$0] } ?? "à l'antenne", text: $0.text, at: ConsolePages.local($0.answeredAt, in: service.zone)) },
            rating: question.rating.map { $0 == .thanks ? "Merci" : "Pas clair" },
            canAnswer: [.routed, .answered].contains(question.status), held: question.status == .held, canHide: question.status != .hidden,
            isPublic: question.isPublic, draftable: question.isPublic && question.status == .answered
        )
    }


    struct InboxPage {
        var layout: Layout
        var official: String
        var questions: [Shown]
    }

    @Sendable func inboxPage(_ request: Request, context: Context) async throws -> Response {
        let official = try await signedInOfficial(context)
        let questions = try await service.database.questions(official: official.id, limit: 100)
        return pages.render(
            "inbox",
            InboxPage(
                layout: Layout(title: "Questions des citoyens", context), official: title(official),
                questions: questions.map { shown($0, officials: [official.id: official.official.name]) }
            )
        )
    }

    struct AnswerForm: Decodable {
        var text: String?
    }

    @Sendable func answer(_ request: Request, context: Context) async throws -> Response {
        let official = try await signedInOfficial(context)
        let number = try number(context)
        let form = try await ConsoleForm.decode(AnswerForm.self, request)
        do {
            try await service.answer(number, by: official, text: form.text ?? "")
        } catch let problem as QuestionProblem {
            throw APIError.badRequest(problem.french)
        }
        return Response(status: .seeOther, headers: [.location: "/inbox#question-\(number)"])
    }

    struct ModerationPage {
        struct Commune {
            var id: String
            var name: String
            var held: Bool
        }

        var layout: Layout
        var held: [Shown]
        var escalated: [Shown]
        var recent: [Shown]
        var communes: [Commune]
    }

    @Sendable func moderation(_ request: Request, context: Context) async throws -> Response {
        let database = service.database
        let officials = Dictionary(uniqueKeysWithValues: try await database.officials(includingRetired: true).map { ($0.id, title($0)) })
        let held = try await database.questions(statuses: [.held], limit: 100)
        let escalated = try await database.questions(escalated: true, limit: 100)
        let recent = try await database.questions(statuses: [.routed, .answered, .awaitingCommune, .hidden], limit: 50)
        let holding = try await database.heldCommunes()
        let page = ModerationPage(
            layout: Layout(title: "Questions des citoyens", context), held: held.map { shown($0, officials: officials) },
            escalated: escalated.map { shown($0, officials: officials) }, recent: recent.map { shown($0, officials: officials) },
            communes: service.catalog.questions.communes.map { .init(id: $0.id, name: $0.name, held: holding.contains($0.id)) }
        )
        return pages.render("questions", page)
    }

    @Sendable func approve(_ request: Request, context: Context) async throws -> Response {
        let number = try number(context)
        try await refusing { try await service.approve(number, actor: context.token.actor, role: context.token.role) }
        return Response(status: .seeOther, headers: [.location: "/console/questions"])
    }

    struct HideForm: Decodable {
        var reason: String?
    }

    @Sendable func hide(_ request: Request, context: Context) async throws -> Response {
        let number = try number(context)
        let form = try await ConsoleForm.decode(HideForm.self, request)
        try await refusing { try await service.hide(number, reason: form.reason ?? "", actor: context.token.actor, role: context.token.role) }
        return Response(status: .seeOther, headers: [.location: "/console/questions"])
    }

    struct HoldForm: Decodable {
        /// "1": hold for approval; anything else: route at once.
        var hold: String?
    }

    @Sendable func hold(_ request: Request, context: Context) async throws -> Response {
        let form = try await ConsoleForm.decode(HoldForm.self, request)
        let commune = context.parameters.get("commune") ?? ""
        try await refusing { try await service.hold(commune, form.hold == "1", actor: context.token.actor, role: context.token.role) }
        return Response(status: .seeOther, headers: [.location: "/console/questions"])
    }

    /// `Moussa Diarra (maire, Diéma)`.
    func title(_ registered: RegisteredOfficial) -> String {
        let official = registered.official
        return "\(official.name) (\(official.office.french), \(service.questions(of: official.commune).commune(official.commune)?.name ?? official.commune))"
    }

    struct PublicForm: Decodable {
        /// "1": shown on the public page; anything else: not.
        var `public`: String?
    }

    @Sendable func makePublic(_ request: Request, context: Context) async throws -> Response {
        let number = try number(context)
        let form = try await ConsoleForm.decode(PublicForm.self, request)
        try await refusing { try await service.makePublic(number, form.public == "1", actor: context.token.actor, role: context.token.role) }
        return Response(status: .seeOther, headers: [.location: "/console/questions#question-\(number)"])
    }

    struct OnAirForm: Decodable {
        var number: String?
        /// What was said, briefly; optional.
        var text: String?
    }

    /// A host read a question's answer on the radio (the radio page's form).
    @Sendable func onAir(_ request: Request, context: Context) async throws -> Response {
        let form = try await ConsoleForm.decode(OnAirForm.self, request)
        guard let number = form.number.flatMap({ Int($0.trimmed) }) else { throw APIError.badRequest("le numéro d'une question est un nombre") }
        try await refusing { try await service.answeredOnAir(number, text: form.text, actor: context.token.actor, role: context.token.role) }
        return Response(status: .seeOther, headers: [.location: "/radio?antenne=\(number)#on-air-form"])
    }

    private func signedInOfficial(_ context: Context) async throws -> RegisteredOfficial {
        guard let id = context.token.official, let official = try await service.database.official(id: id), official.retiredAt == nil else {
            throw APIError.forbidden("ce jeton n'est celui d'aucun élu en fonction")
        }
        return official
    }

    private func number(_ context: Context) throws -> Int {
        guard let number = context.parameters.get("number", as: Int.self) else { throw APIError.badRequest("le numéro d'une question est un nombre") }
        return number
    }

    private func refusing(_ work: () async throws -> Void) async throws {
        do {
            try await work()
        } catch let problem as QuestionProblem {
            throw APIError.badRequest(problem.french)
        }
    }
}

extension QuestionFacts.Status {
    var french: String {
        switch self {
        case .awaitingCommune: "commune attendue"
        case .held: "retenue"
        case .routed: "transmise"
        case .answered: "répondue"
        case .hidden: "masquée"
        }
    }
}
