/// What an official texts to answer a question: `R 123 <answer>` (`REP`, `REPONSE`, any
/// case or accent). The answer is kept as typed.
public struct OfficialAnswer: Sendable, Equatable {
    /// Nil when no number follows the word.
    public var question: Int?
    public var text: String

    /// The words an answer starts with, folded: menus may not use them as keywords.
    public static let words: Set<String> = ["R", "REP", "REPONSE"]

    /// The longest answer relayed: a few SMS parts, read on a basic phone.
    public static let limit = 1_000

    /// The answer `text` is, or nil when it does not start with one of ``words``.
    public init?(_ text: String) {
        let trimmed = text.trimmed
        let word = trimmed.prefix { !$0.isWhitespace }
        guard Self.words.contains(Folding.fold(String(word))) else { return nil }
        let rest = trimmed.dropFirst(word.count).drop { $0.isWhitespace }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        question = Int(digits)
        self.text = String(rest.dropFirst(digits.count).drop { $0.isWhitespace || $0 == ":" || $0 == "-" })
    }
}

/// What a citizen thinks of the answer they got: `MERCI 123` or `PAS CLAIR 123`.
public enum AnswerRating: String, Sendable, Equatable {
    case thanks
    case unclear

    /// The words a rating starts with, folded: menus may not use them as keywords.
    public static let words: Set<String> = ["MERCI", "PAS"]

    /// The rating and question number `text` gives, or nil: without a number, `merci` is
    /// an ordinary message.
    public static func read(_ text: String) -> (rating: AnswerRating, question: Int)? {
        let tokens = Folding.fold(text).split(separator: " ")
        switch tokens.count {
        case 2 where tokens[0] == "MERCI": return Int(tokens[1]).map { (.thanks, $0) }
        case 3 where tokens[0] == "PAS" && tokens[1] == "CLAIR": return Int(tokens[2]).map { (.unclear, $0) }
        default: return nil
        }
    }
}
