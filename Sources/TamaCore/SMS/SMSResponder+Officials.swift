extension SMSResponder {
    /// An official's answer (``OfficialAnswer``) or the reason it is not relayed; nil when
    /// the text is no answer. Officials are answered in French, as hosts are: short
    /// working texts, not a campaign's words.
    func officialAnswer(_ text: String, context: SMSContext) -> SMSOutcome? {
        guard let answer = OfficialAnswer(text) else { return nil }
        guard let official = context.official else {
            return SMSOutcome(service: nil, reply: "Ce numero n'est pas celui d'un elu enregistre: rien n'a ete envoye.")
        }
        guard let number = answer.question else {
            return SMSOutcome(service: nil, reply: "Ecrivez R, le numero de la question, puis votre reponse. Ex.: R 123 Le forage sera repare lundi.")
        }
        guard let facts = context.question(number), [.routed, .answered].contains(facts.status) else {
            return SMSOutcome(service: nil, reply: "Il n'y a pas de question no \(number) a laquelle repondre: rien n'a ete envoye.")
        }
        guard facts.recipients.contains(official.id) else {
            return SMSOutcome(service: nil, reply: "La question no \(number) ne vous a pas ete adressee: rien n'a ete envoye.")
        }
        guard !answer.text.isEmpty else {
            return SMSOutcome(service: nil, reply: "Votre reponse a la question no \(number) est vide. Ecrivez R \(number) puis votre reponse.")
        }
        guard answer.text.count <= OfficialAnswer.limit else {
            return SMSOutcome(
                service: nil, reply: "Votre reponse fait \(answer.text.count) caracteres, plus que \(OfficialAnswer.limit): rien n'a ete envoye. Raccourcissez-la."
            )
        }
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

    /// The menu where questions of `commune` are asked, for its texts.
    func questionMenu(of commune: String) -> Menu? {
        menus.first { $0.questions?.commune(commune) != nil } ?? fallback
    }
}
