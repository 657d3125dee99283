import Foundation

/// Answers SMS from the keywords of every menu. Pure: the store brings the sender's
/// ``SMSContext`` and applies the ``SMSOutcome`` in one transaction.
///
/// What people text is matched as they mean it (``Folding``): ` arrêt `, `Arret` and
/// `ARRÊT` are one keyword. The first word picks the keyword; what follows is its
/// argument (`Q Pourquoi…`, `QUIZ Q2 B`). Without a keyword, a quiz answer (`B`, `Q2 B`),
/// read against the menus' quizzes, is tried, then the help text, which is sent at most once an hour per number so two
/// auto-responders never talk to each other forever.
public struct SMSResponder: Sendable {
    /// The least time between two help texts sent for unrecognised messages.
    public static let helpInterval: TimeInterval = 3_600

    struct Entry: Sendable {
        var menu: Menu
        var action: SMSKeyword.Action
    }

    let keywords: [String: Entry]
    /// Every menu's quizzes, in a fixed order (by service, then quiz), so a bare `B`
    /// always finds the same question.
    let quizzes: [(menu: Menu, quiz: Quiz)]
    /// The menu whose help answers messages no keyword claims.
    let fallback: Menu?
    let catalog: MenuCatalog

    public init(catalog: MenuCatalog) {
        var keywords: [String: Entry] = [:]
        for menu in catalog.menus {
            for keyword in menu.keywords {
                keywords[Folding.fold(keyword.word)] = Entry(menu: menu, action: keyword.action)
            }
        }
        self.keywords = keywords
        self.quizzes = catalog.menus.sorted { $0.service < $1.service }.flatMap { menu in
            menu.quizzes.values.sorted { $0.id < $1.id }.map { (menu, $0) }
        }
        self.fallback = catalog.menus.first { $0.smsReplies != nil }
        self.catalog = catalog
    }

    public func respond(to text: String, context: SMSContext) -> SMSOutcome {
        if let command = hostCommand(text, context: context) { return command }
        if let answer = officialAnswer(text, context: context) { return answer }
        if let rated = rating(text, context: context) { return rated }
        if let placed = placeQuestion(text, context: context) { return placed }
        let (word, argument) = Self.split(text)
        if let entry = keywords[Folding.fold(String(word))] {
            return perform(entry.action, argument: argument, menu: entry.menu, context: context)
        }
        if let answer = quizAnswer(text, context: context) { return answer }
        guard let menu = fallback else { return SMSOutcome(service: nil) }
        let recently = context.lastHelpReply.map { context.now.timeIntervalSince($0) < Self.helpInterval } ?? false
        guard !recently, !context.optedOut else { return SMSOutcome(service: menu.service) }
        return help(menu, context)
    }

    func perform(_ action: SMSKeyword.Action, argument: Substring, menu: Menu, context: SMSContext) -> SMSOutcome {
        let language = language(of: menu, context)
        let replies = menu.smsReplies ?? SMSReplies([:])
        switch action {
        case .subscribe:
            return SMSOutcome(
                service: menu.service, effects: [.optIn, .subscribe(campaign: menu.service)],
                reply: replies.text(.subscribed, in: language)
            )
        case .unsubscribe:
            return SMSOutcome(
                service: menu.service, effects: [.unsubscribe(campaign: menu.service)],
                reply: replies.text(.unsubscribed, in: language)
            )
        case .optOut:
            // Confirmed once: a second STOP changes nothing and gets no answer.
            guard !context.optedOut else { return SMSOutcome(service: menu.service) }
            return SMSOutcome(service: menu.service, effects: [.optOut], reply: replies.text(.optedOut, in: language))
        case .help:
            return help(menu, context)
        case .ask:
            let text = argument.trimmed
            guard !text.isEmpty else {
                return SMSOutcome(service: menu.service, reply: replies.text(.questionEmpty, in: language))
            }
            let questions = menu.questions ?? CivicQuestions(communes: [], topics: [])
            let commune = context.commune.flatMap(questions.commune(written:))?.id
            let question = CitizenQuestion(
                number: context.nextQuestionNumber, commune: commune, topic: "", text: String(text), anonymous: true, language: language,
                notice: questions.notice(commune: commune ?? "", topic: "")
            )
            let reference = String(question.number)
            guard commune == nil else {
                return SMSOutcome(service: menu.service, effects: [.askQuestion(question)], reply: replies.text(.questionReceived, in: language, ["ref": reference]))
            }
            let choices = questions.communes.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: ", ")
            return SMSOutcome(
                service: menu.service, effects: [.askQuestion(question)],
                reply: replies.text(.questionCommune, in: language, ["ref": reference, "communes": choices])
            )
        case .quiz:
            if let answer = quizAnswer(String(argument), context: context, in: menu) { return answer }
            let letters = quizzes.first { $0.menu.service == menu.service }?.quiz.questions.first?.letters ?? []
            return SMSOutcome(service: menu.service, reply: replies.text(.quizInvalid, in: language, ["choices": letters.joined(separator: ", ")]))
        }
    }

    /// The answer to "Votre commune?": its number in the list Tama sent, or its name. Nil
    /// when the sender has no question waiting for one, or the text names no commune, so
    /// it is read as any other message.
    func placeQuestion(_ text: String, context: SMSContext) -> SMSOutcome? {
        guard let number = context.questionAwaitingCommune, let menu = fallback, let questions = menu.questions else { return nil }
        let written = text.trimmed
        let commune = Int(written).flatMap { $0 >= 1 && $0 <= questions.communes.count ? questions.communes[$0 - 1] : nil }
            ?? questions.commune(written: String(written))
        guard let commune else { return nil }
        let language = language(of: menu, context)
        return SMSOutcome(
            service: menu.service, effects: [.placeQuestion(number: number, commune: commune.id, notice: questions.notice(commune: commune.id, topic: ""))],
            reply: menu.smsReplies?.text(.questionReceived, in: language, ["ref": String(number)])
        )
    }

    /// A quiz answer: `B` (the first open question the sender has not answered yet) or a
    /// numbered one, `Q2 B`, `2B`, `q2-b` (question 2 of the running quiz: the first with
    /// an open question). Nil when the text reads as neither, so ordinary words fall
    /// through to help.
    func quizAnswer(_ text: String, context: SMSContext, in menu: Menu? = nil) -> SMSOutcome? {
        let candidates = quizzes.filter { menu == nil || $0.menu.service == menu?.service }
        let folded = Folding.fold(text)
        let isOpen = { (quiz: Quiz, question: Quiz.Question) in quiz.state(of: question, commands: context.quizStates, at: context.now) == .open }
        if let (word, letter) = Self.numbered(folded) {
            let running = candidates.first { entry in entry.quiz.questions.contains { isOpen(entry.quiz, $0) } } ?? candidates.first
            guard let running, let question = running.quiz.question(named: String(word)) else { return nil }
            return answer(letter, to: question, of: running.quiz, menu: running.menu, context)
        }
        guard !folded.contains(" "), candidates.contains(where: { $0.quiz.questions.contains { $0.choice(matching: folded) != nil } })
        else { return nil }
        for (menu, quiz) in candidates {
            for question in quiz.questions where isOpen(quiz, question) && !context.answeredQuestions.contains("\(quiz.id)/\(question.id)") {
                return answer(folded, to: question, of: quiz, menu: menu, context)
            }
        }
        // Nothing open that this number has not answered.
        guard let menu = candidates.first?.menu else { return nil }
        let anyOpen = candidates.contains { entry in entry.quiz.questions.contains { isOpen(entry.quiz, $0) } }
        return SMSOutcome(service: menu.service, reply: (menu.smsReplies ?? SMSReplies([:])).text(anyOpen ? .quizDone : .quizNoneOpen, in: language(of: menu, context)))
    }

    /// `Q2 B`, `2 B`, `Q2B`, `2B` as (question word, letter); nil for anything else.
    static func numbered(_ folded: String) -> (Substring, String)? {
        let tokens = folded.split(separator: " ")
        let (word, letter): (Substring, Substring)
        switch tokens.count {
        case 2: (word, letter) = (tokens[0], tokens[1])
        case 1 where folded.count >= 2: (word, letter) = (folded.dropLast(), folded.suffix(1))
        default: return nil
        }
        let number = word.hasPrefix("Q") ? word.dropFirst() : word
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), letter.count == 1, letter.allSatisfy(\.isLetter) else { return nil }
        return (word, String(letter))
    }

    /// `letter` as the sender's answer to `question`: recorded (the first in time counts),
    /// or kept as late when the question is not open, with the reply that says which.
    func answer(_ letter: String, to question: Quiz.Question, of quiz: Quiz, menu: Menu, _ context: SMSContext) -> SMSOutcome {
        let language = language(of: menu, context)
        let replies = menu.smsReplies ?? SMSReplies([:])
        guard let choice = question.choice(matching: letter) else {
            return SMSOutcome(service: menu.service, reply: replies.text(.quizInvalid, in: language, ["choices": question.letters.joined(separator: ", ")]))
        }
        let state = quiz.state(of: question, commands: context.quizStates, at: context.now)
        let values = ["question": "Q\(question.number)", "choice": choice.letter]
        if state == .open, context.answeredQuestions.contains("\(quiz.id)/\(question.id)") {
            return SMSOutcome(service: menu.service, reply: replies.text(.quizAlreadyAnswered, in: language, values))
        }
        return SMSOutcome(
            service: menu.service, effects: [.answerQuiz(QuizAnswer(choice, to: question, of: quiz, state: state))],
            reply: replies.text(state == .open ? .quizRecorded : .quizNotOpen, in: language, values)
        )
    }

    func help(_ menu: Menu, _ context: SMSContext) -> SMSOutcome {
        let text = (menu.smsReplies ?? SMSReplies([:])).text(.help, in: language(of: menu, context))
        return SMSOutcome(service: menu.service, effects: [.rememberHelpReply], reply: text)
    }

    func language(of menu: Menu, _ context: SMSContext) -> Language {
        context.knownLanguage.flatMap { menu.languages.contains($0) ? $0 : nil } ?? menu.defaultLanguage
    }

    /// The first word and the rest, as typed.
    static func split(_ text: String) -> (Substring, Substring) {
        let trimmed = text.trimmed
        guard let space = trimmed.firstIndex(where: \.isWhitespace) else { return (trimmed, "") }
        return (trimmed[..<space], trimmed[space...])
    }
}
