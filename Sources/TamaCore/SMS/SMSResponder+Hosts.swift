import Foundation

extension SMSResponder {
    /// A radio host's command (``HostCommand``), or a refusal when the number is no host's;
    /// nil when the text is no host command. Hosts get their answers in the quiz menu's
    /// first language, short enough for one SMS.
    func hostCommand(_ text: String, context: SMSContext) -> SMSOutcome? {
        guard let command = HostCommand(text) else { return nil }
        guard !context.hosts.isEmpty else {
            return SMSOutcome(service: nil, reply: "Ce numero n'est pas enregistre comme animateur de quiz: rien n'a change.")
        }
        let isOpen = { (quiz: Quiz) in quiz.questions.contains { quiz.state(of: $0, commands: context.quizStates, at: context.now) == .open } }
        let hosted = quizzes.filter { entry in
            context.hosts.contains(.quiz(entry.quiz.id)) || entry.menu.campaigns.contains { context.hosts.contains(.campaign($0)) }
        }
        guard let (menu, quiz) = hosted.first(where: { isOpen($0.quiz) }) ?? hosted.first else {
            return SMSOutcome(service: nil, reply: "Aucun quiz n'est confie a ce numero.")
        }
        let title = quiz.title.text(in: menu.defaultLanguage)
        let question = { (word: String) -> Quiz.Question? in quiz.question(named: word) }
        let unknown = { (word: String, example: String) in
            SMSOutcome(service: menu.service, reply: "\(title): pas de question '\(word.prefix(10))', il y en a 1 a \(quiz.questions.count). Ex.: \(example)")
        }
        switch command {
        case .open(let word):
            guard let question = question(word) else { return unknown(word, "OUVRIR 2") }
            return SMSOutcome(
                service: menu.service, effects: [.setQuizState(quiz: quiz.id, question: question.id, state: .open, announcement: nil)],
                reply: "\(title): question \(question.number) ouverte, les reponses comptent. FERMER \(question.number) pour fermer."
            )
        case .close(let word):
            guard let question = question(word) else { return unknown(word, "FERMER 2") }
            return SMSOutcome(
                service: menu.service,
                effects: [
                    .setQuizState(
                        quiz: quiz.id, question: question.id, state: .closed, announcement: QuizAnnouncement(question, of: quiz, languages: menu.languages)
                    )
                ],
                reply: "\(title): question \(question.number) fermee. RESULTATS \(question.number) pour les resultats."
            )
        case .results(let word):
            let counts = context.quizCounts(quiz.id) ?? QuizResults.Counts(participants: 0, answers: [:], late: [:], leaders: [])
            let results = QuizResults(quiz: quiz, states: context.quizStates, at: context.now, counts: counts, country: "")
            guard let word else { return SMSOutcome(service: menu.service, reply: Self.summary(results, title: title)) }
            guard let question = question(word) else { return unknown(word, "RESULTATS 2") }
            return SMSOutcome(service: menu.service, reply: Self.summary(results.questions[question.number - 1], title: title))
        }
    }

    /// `Quiz civique: 1234 participants. Q1 70% juste, Q2 45% juste, Q3 en attente.`
    static func summary(_ results: QuizResults, title: String) -> String {
        let questions = results.questions.map { question in
            question.answers == 0 ? "Q\(question.number) \(question.state.french)" : "Q\(question.number) \(question.rightShare)% juste"
        }
        return "\(title): \(results.participants) participants. " + questions.joined(separator: ", ") + "."
    }

    /// `Quiz civique Q2 (fermee): 1234 reponses. A 12%, B 70%, C 18%. Bonne reponse B: 70%.`
    static func summary(_ question: QuizResults.Question, title: String) -> String {
        let shares = question.choices.map { "\($0.letter) \($0.share)%" }.joined(separator: ", ")
        let right = question.choices.first(where: \.right).map { "Bonne reponse \($0.letter): \(question.rightShare)%." } ?? ""
        return "\(title) Q\(question.number) (\(question.state.french)): \(question.answers) reponses. \(shares). \(right)"
    }
}

extension QuestionState {
    /// As a host reads it in an SMS (no accents, so it stays GSM-7).
    var french: String {
        switch self {
        case .waiting: "en attente"
        case .open: "ouverte"
        case .closed: "fermee"
        }
    }
}
