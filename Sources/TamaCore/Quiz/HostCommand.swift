/// What a radio host texts from a registered number: `OUVRIR 2` / `OPEN 2`, `FERMER 2` /
/// `CLOSE 2`, `RESULTATS` / `RESULTS` (the running quiz) or `RESULTATS 2`.
public enum HostCommand: Sendable, Equatable {
    case open(question: String)
    case close(question: String)
    case results(question: String?)

    /// The words a host command starts with, folded: menus may not use them as keywords.
    public static let words: Set<String> = ["OUVRIR", "OPEN", "FERMER", "CLOSE", "RESULTATS", "RESULTS"]

    /// The command `text` is, or nil when it starts with none of ``words``. A command
    /// without its question number is `.open(question: "")`, which names no question.
    public init?(_ text: String) {
        let tokens = Folding.fold(text).split(separator: " ")
        guard let word = tokens.first, Self.words.contains(String(word)) else { return nil }
        let argument = tokens.dropFirst().first.map(String.init)
        switch word {
        case "OUVRIR", "OPEN": self = .open(question: argument ?? "")
        case "FERMER", "CLOSE": self = .close(question: argument ?? "")
        default: self = .results(question: argument)
        }
    }
}

/// Who a host is for: the quizzes they may open, close and read by SMS.
public enum HostScope: Sendable, Equatable, Hashable {
    case quiz(String)
    /// Every quiz of the menus that serve this campaign.
    case campaign(String)
}
