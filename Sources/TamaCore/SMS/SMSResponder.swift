import Foundation

/// Answers SMS from the keywords of every menu. Pure: the store brings the sender's
/// ``SMSContext`` and applies the ``SMSOutcome`` in one transaction.
///
/// What people text is matched as they mean it (``Folding``): ` arrêt `, `Arret` and
/// `ARRÊT` are one keyword. The first word picks the keyword; what follows is its
/// argument (`Q Pourquoi…`, `QUIZ Q2 B`). Without a keyword, a quiz answer (`B`, `Q2 B`)
/// is tried, then the help text, which is sent at most once an hour per number so two
/// auto-responders never talk to each other forever.
public struct SMSResponder: Sendable {
    /// The least time between two help texts sent for unrecognised messages.
    public static let helpInterval: TimeInterval = 3_600

    struct Entry: Sendable {
        var menu: Menu
        var action: SMSKeyword.Action
    }

    let keywords: [String: Entry]
    /// Each menu that has a quiz, by service name, so a bare `B` finds one stable quiz.
    let quizzes: [(menu: Menu, quiz: SMSQuiz)]
    /// The menu whose help answers messages no keyword claims.
    let fallback: Menu?

    public init(catalog: MenuCatalog) {
        var keywords: [String: Entry] = [:]
        for menu in catalog.menus {
            for keyword in menu.keywords {
                keywords[Folding.fold(keyword.word)] = Entry(menu: menu, action: keyword.action)
            }
        }
        self.keywords = keywords
        self.quizzes = catalog.menus.sorted { $0.service < $1.service }.compactMap { menu in
            SMSQuiz(menu: menu).map { (menu, $0) }
        }
        self.fallback = catalog.menus.first { $0.smsReplies != nil }
    }

    public func respond(to text: String, context: SMSContext) -> SMSOutcome {
        let (word, argument) = Self.split(text)
        if let entry = keywords[Folding.fold(String(word))] {
            return perform(entry.action, argument: argument, menu: entry.menu, context: context)
        }
        for (menu, quiz) in quizzes {
            if let answer = quizAnswer(text, quiz: quiz) { return record(answer, quiz: quiz, menu: menu, context: context) }
        }
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
            let question = CitizenQuestion(
                number: context.nextQuestionNumber, commune: "", topic: "sms", text: String(text), anonymous: true
            )
            return SMSOutcome(
                service: menu.service, effects: [.askQuestion(question)],
                reply: replies.text(.questionReceived, in: language, ["ref": String(question.number)])
            )
        case .quiz:
            let quiz = quizzes.first { $0.menu.service == menu.service }?.quiz
            guard let quiz, let answer = quizAnswer(String(argument), quiz: quiz) else {
                let choices = quiz?.questions.first?.choices.joined(separator: ", ") ?? ""
                return SMSOutcome(service: menu.service, reply: replies.text(.quizInvalid, in: language, ["choices": choices]))
            }
            return record(answer, quiz: quiz, menu: menu, context: context)
        }
    }

    enum QuizAnswer {
        /// The next question the sender has not answered yet.
        case next(choice: String)
        case to(SMSQuiz.Question, choice: String)
    }

    /// `B` or `Q2 B` (also `Q2B`, `q2 b`); nil for anything else, including a choice the
    /// quiz does not offer, so ordinary words fall through to help.
    func quizAnswer(_ text: String, quiz: SMSQuiz) -> QuizAnswer? {
        let folded = Folding.fold(text)
        if quiz.allChoices.contains(folded) { return .next(choice: folded) }
        let tokens = folded.split(separator: " ")
        let (questionWord, choice): (Substring, Substring)
        switch tokens.count {
        case 2: (questionWord, choice) = (tokens[0], tokens[1])
        case 1 where folded.count >= 2: (questionWord, choice) = (folded.dropLast(), folded.suffix(1))
        default: return nil
        }
        guard let question = quiz.question(named: String(questionWord)), question.foldedChoices.contains(String(choice))
        else { return nil }
        return .to(question, choice: String(choice))
    }

    func record(_ answer: QuizAnswer, quiz: SMSQuiz, menu: Menu, context: SMSContext) -> SMSOutcome {
        let language = language(of: menu, context)
        let replies = menu.smsReplies ?? SMSReplies([:])
        let question: SMSQuiz.Question
        let choice: String
        switch answer {
        case .next(let next):
            guard let open = quiz.questions.first(where: { !context.answeredQuestions.contains("\(quiz.quiz)/\($0.id)") }) else {
                return SMSOutcome(service: menu.service, reply: replies.text(.quizDone, in: language))
            }
            question = open
            choice = next
        case .to(let chosen, let chosenChoice):
            question = chosen
            choice = chosenChoice
        }
        let values = ["question": question.id.uppercased(), "choice": choice]
        guard let stored = question.choice(folded: choice) else {
            return SMSOutcome(
                service: menu.service,
                reply: replies.text(.quizInvalid, in: language, ["choices": question.choices.joined(separator: ", ")])
            )
        }
        if context.answeredQuestions.contains("\(quiz.quiz)/\(question.id)") {
            return SMSOutcome(service: menu.service, reply: replies.text(.quizAlreadyAnswered, in: language, values))
        }
        return SMSOutcome(
            service: menu.service, effects: [.answerQuiz(quiz: quiz.quiz, question: question.id, choice: stored)],
            reply: replies.text(.quizRecorded, in: language, values)
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
