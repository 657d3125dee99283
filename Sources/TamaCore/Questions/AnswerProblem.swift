/// Why an official's answer is not relayed, in the French officials read, by SMS or in
/// their inbox alike.
public enum AnswerProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case notAnOfficial
    case noNumber
    case noSuchQuestion(Int)
    case notYours(Int)
    case empty(Int)
    case tooLong(Int, count: Int)

    public var description: String {
        switch self {
        case .notAnOfficial: "Ce numero n'est pas celui d'un elu enregistre: rien n'a ete envoye."
        case .noNumber: "Ecrivez R, le numero de la question, puis votre reponse. Ex.: R 123 Le forage sera repare lundi."
        case .noSuchQuestion(let number): "Il n'y a pas de question no \(number) a laquelle repondre: rien n'a ete envoye."
        case .notYours(let number): "La question no \(number) ne vous a pas ete adressee: rien n'a ete envoye."
        case .empty(let number): "Votre reponse a la question no \(number) est vide. Ecrivez R \(number) puis votre reponse."
        case .tooLong(_, let count): "Votre reponse fait \(count) caracteres, plus que \(OfficialAnswer.limit): rien n'a ete envoye. Raccourcissez-la."
        }
    }

    /// What stops official `official` answering question `number` (`facts`, nil when there
    /// is none) with `text`, or nil when nothing does.
    public static func check(_ text: String, to number: Int, facts: QuestionFacts?, by official: Int64) -> AnswerProblem? {
        guard let facts, [.routed, .answered].contains(facts.status) else { return .noSuchQuestion(number) }
        guard facts.recipients.contains(official) else { return .notYours(number) }
        guard !text.trimmed.isEmpty else { return .empty(number) }
        guard text.count <= OfficialAnswer.limit else { return .tooLong(number, count: text.count) }
        return nil
    }
}
