extension SMSResponder {
    /// An official's answer (``OfficialAnswer``) or the reason it is not relayed; nil when
    /// the text is no answer. Officials are answered in French, as hosts are: short
    /// working texts, not a campaign's words.
    func officialAnswer(_ text: String, context: SMSContext) -> SMSOutcome? {
        guard let answer = OfficialAnswer(text) else { return nil }
        let refuse = { (problem: AnswerProblem) in SMSOutcome(service: nil, reply: problem.description) }
        guard let official = context.official else { return refuse(.notAnOfficial) }
        guard let number = answer.question else { return refuse(.noNumber) }
        let facts = context.question(number)
        if let problem = AnswerProblem.check(answer.text, to: number, facts: facts, by: official.id) { return refuse(problem) }
        guard let facts else { return refuse(.noSuchQuestion(number)) }
        let menu = questionMenu(of: facts.commune)
        let relay = (menu?.questions ?? CivicQuestions(communes: [], topics: []))
            .relay(answer.text, by: official.official.office, to: number, of: facts.commune, in: facts.language)
        return SMSOutcome(
            service: menu?.service, effects: [.answerQuestion(number: number, official: official.id, text: answer.text, relay: relay)],
            reply: "Reponse a la question no \(number) envoyee au citoyen. Merci!"
        )
    }

    /// `MERCI 123` or `PAS CLAIR 123` from the citizen who asked question 123, once it
    /// has an answer; nil otherwise, so the text is read as any other message.
    func rating(_ text: String, context: SMSContext) -> SMSOutcome? {
        guard let (rating, number) = AnswerRating.read(text), let facts = context.question(number), facts.askedBySender,
            facts.status == .answered, let menu = questionMenu(of: facts.commune)
        else { return nil }
        return SMSOutcome(
            service: menu.service, effects: [.rateAnswer(number: number, rating: rating)],
            reply: menu.smsReplies?.text(.ratingRecorded, in: facts.language, ["ref": String(number)])
        )
    }

    func questionMenu(of commune: String) -> Menu? {
        catalog.questionMenu(of: commune) ?? fallback
    }
}
