import Foundation
import TamaCore
import TamaStore

/// Citizens' questions as campaign teams moderate them and officials answer them, for the
/// API, the console and the officials' inbox alike: it speaks the domain and throws
/// ``QuestionProblem``; each of them says it in its own words.
public struct QuestionService: Sendable {
    let database: AppDatabase
    let catalog: MenuCatalog
    /// What a question's notices, relays and replies go by: the configured route, else the
    /// one the callbacks come from, where they wait until a route is configured.
    let route: String
    /// Where the campaign's people are: pages show dates in it.
    let zone: TimeZone
    let now: @Sendable () -> Date

    public init(
        database: AppDatabase, catalog: MenuCatalog, route: String?, zone: TimeZone = TimeZone(identifier: "Africa/Bamako")!,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.catalog = catalog
        self.route = route ?? "africastalking"
        self.zone = zone
        self.now = now
    }

    /// The texts and places of the menu where `commune`'s questions are asked.
    func questions(of commune: String) -> CivicQuestions {
        catalog.questionMenu(of: commune)?.questions ?? catalog.questions
    }

    public func question(_ number: Int) async throws -> AppDatabase.StoredQuestion {
        guard let question = try await database.question(number) else { throw QuestionProblem.unknown(number) }
        return question
    }

    /// Passes a held question on to its officials.
    public func approve(_ number: Int, actor: String, role: Role?) async throws {
        let question = try await question(number)
        guard question.status == .held else { throw QuestionProblem.notHeld(number, question.status) }
        _ = try await database.approveQuestion(
            number, notice: questions(of: question.commune).notice(commune: question.commune, topic: question.topic), route: route, actor: actor, role: role, at: now()
        )
    }

    /// Hides an abusive question for `reason`; its citizen is told, politely, in their language.
    public func hide(_ number: Int, reason: String, actor: String, role: Role?) async throws {
        let reason = reason.trimmed
        guard !reason.isEmpty, reason.count <= 500 else { throw QuestionProblem.reason }
        let question = try await question(number)
        guard question.status != .hidden else { throw QuestionProblem.hidden(number) }
        let texts = questions(of: question.commune).notPassed
        _ = try await database.hideQuestion(
            number, reason: String(reason), message: { Template(texts.text(in: $0)).render(["ref": String(number)]) }, route: route, actor: actor,
            role: role, at: now()
        )
    }

    /// From now on, `commune`'s questions wait for approval (`hold`) or go at once.
    public func hold(_ commune: String, _ hold: Bool, actor: String, role: Role?) async throws {
        let places = catalog.questions
        guard let known = places.commune(written: commune) else { throw QuestionProblem.unknownCommune(commune, places.communes.map(\.id)) }
        try await database.holdQuestions(of: known.id, hold, actor: actor, role: role, at: now())
    }

    /// A host answered the question on the radio: it counts as answered.
    public func answeredOnAir(_ number: Int, text: String?, actor: String, role: Role?) async throws {
        let text = String((text ?? "").trimmed)
        guard text.count <= OfficialAnswer.limit else { throw QuestionProblem.answer(.tooLong(number, count: text.count)) }
        let question = try await question(number)
        guard try await database.markAnsweredOnAir(number, text: text.isEmpty ? "Répondue à l'antenne." : text, actor: actor, role: role, at: now()) else {
            throw QuestionProblem.notPassedOn(number, question.status)
        }
    }

    /// Shows the question and its answers on the public page, or stops showing them.
    public func makePublic(_ number: Int, _ visible: Bool, actor: String, role: Role?) async throws {
        let question = try await question(number)
        guard try await database.makeQuestionPublic(number, visible, actor: actor, role: role, at: now()) else { throw QuestionProblem.hidden(question.number) }
    }

    /// A broadcast for the commune's subscribers, from a question made public and its
    /// answers, for the campaign team to edit, preview and schedule with the planner.
    public func broadcastDraft(_ number: Int) async throws -> BroadcastDraft {
        let question = try await question(number)
        guard question.isPublic, question.status == .answered else { throw QuestionProblem.notPublic(number) }
        let menu = catalog.questionMenu(of: question.commune)
        let commune = questions(of: question.commune).commune(question.commune)?.name ?? question.commune
        let officials = Dictionary(uniqueKeysWithValues: try await database.officials(includingRetired: true).map { ($0.id, $0.official) })
        let answers = question.answers.map { answer in
            let by = answer.official.flatMap { officials[$0] }.map { "le \($0.office.french)" } ?? "à la radio"
            return "Réponse (\(by)) : \(answer.text)"
        }
        let text = (["Question d'un citoyen de \(commune) : \(question.text)"] + answers).joined(separator: " ")
        return BroadcastDraft(
            name: "Réponse à la question n° \(number)", campaign: menu?.service ?? "", audience: Audience(communes: [commune]),
            texts: [menu?.defaultLanguage ?? "fr": text], fallback: menu?.defaultLanguage ?? "fr"
        )
    }

    /// `official`'s answer from their inbox, relayed as one by SMS is.
    public func answer(_ number: Int, by official: RegisteredOfficial, text: String) async throws {
        let text = String(text.trimmed)
        let facts = try await database.questionFacts(number)
        if let problem = AnswerProblem.check(text, to: number, facts: facts, by: official.id) { throw QuestionProblem.answer(problem) }
        guard let facts else { throw QuestionProblem.unknown(number) }
        let relay = questions(of: facts.commune).relay(text, by: official.official.office, to: number, of: facts.commune, in: facts.language)
        try await database.answerQuestion(number, by: official.id, text: text, relay: relay, route: route, at: now())
    }
}

extension QuestionService {
    /// Reminds, once, the officials of questions unanswered after `remindAfter`, and flags
    /// to the campaign team those still waiting after `escalateAfter`.
    public func remindAndEscalate(remindAfter: TimeInterval, escalateAfter: TimeInterval) async throws -> (reminded: Int, escalated: Int) {
        let now = now()
        let catalog = catalog
        let days = Int((remindAfter / 86_400).rounded())
        let reminded = try await database.remindQuestions(
            sentBefore: now.addingTimeInterval(-remindAfter),
            notice: { commune, topic in (catalog.questionMenu(of: commune)?.questions ?? catalog.questions).notice(commune: commune, topic: topic) },
            reminder: { "Rappel, sans reponse depuis \(days) jour(s). \($0)" }, route: route, at: now
        )
        let escalated = try await database.escalateQuestions(before: now.addingTimeInterval(-escalateAfter), at: now)
        return (reminded, escalated)
    }
}

/// Why a question cannot be moderated or answered, as the one doing it can act on it.
public enum QuestionProblem: Error, Equatable, CustomStringConvertible {
    case unknown(Int)
    case notHeld(Int, QuestionFacts.Status)
    case notPassedOn(Int, QuestionFacts.Status)
    case notPublic(Int)
    case hidden(Int)
    case reason
    case unknownCommune(String, [String])
    case answer(AnswerProblem)

    public var description: String {
        switch self {
        case .unknown(let number): "there is no question \(number)"
        case .notHeld(let number, let status): "question \(number) is not held (it is \(status.rawValue))"
        case .notPassedOn(let number, let status): "question \(number) was not passed on to officials (it is \(status.rawValue))"
        case .notPublic(let number): "question \(number) is not answered and public: only those become broadcasts"
        case .hidden(let number): "question \(number) is hidden already"
        case .reason: "give the reason, 1 to 500 characters: the audit log keeps it"
        case .unknownCommune(let commune, let known): "there is no commune '\(commune.prefix(40))'; the menus have \(known.joined(separator: ", "))"
        case .answer(let problem): problem.description
        }
    }
}

extension QuestionService {
    /// The windows the public figures are given over, in days.
    public static let windows = [30, 90, 365]

    /// The accountability figures over the last `days`, with every official's public title.
    public func accountability(days: Int) async throws -> (figures: Accountability, officials: [Int64: RegisteredOfficial]) {
        let now = now()
        let records = try await database.accountabilityRecords(since: now.addingTimeInterval(-Double(days) * 86_400))
        let figures = Accountability(records, days: days, now: now, order: catalog.questions.communes.map(\.id))
        let officials = Dictionary(uniqueKeysWithValues: try await database.officials(includingRetired: true).map { ($0.id, $0) })
        return (figures, officials)
    }
}
