/// The texts Tama answers SMS with, in each language of a menu. Unlike USSD screens they
/// are not navigated: each answers one kind of message.
public struct SMSReplies: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case help
        case subscribed
        case unsubscribed
        case optedOut = "opted_out"
        case quizRecorded = "quiz_recorded"
        case quizAlreadyAnswered = "quiz_already_answered"
        case quizDone = "quiz_done"
        case quizInvalid = "quiz_invalid"
        /// An answer to a question that is not open: kept, never counted.
        case quizNotOpen = "quiz_not_open"
        /// A bare letter while no question is open.
        case quizNoneOpen = "quiz_none_open"
        case questionReceived = "question_received"
        case questionEmpty = "question_empty"
        /// A question by SMS from a number whose commune Tama does not know: asked back once.
        case questionCommune = "question_commune"
        /// A citizen's MERCI 123 or PAS CLAIR 123, recorded.
        case ratingRecorded = "rating_recorded"

        /// The variables a text of this kind may use.
        public var variables: [String] {
            switch self {
            case .quizRecorded, .quizAlreadyAnswered, .quizNotOpen: ["question", "choice"]
            case .quizInvalid: ["choices"]
            case .questionReceived: ["ref"]
            case .questionCommune: ["ref", "communes"]
            case .ratingRecorded: ["ref"]
            default: []
            }
        }
    }

    public var texts: [Kind: Localized]

    public init(_ texts: [Kind: Localized]) {
        self.texts = texts
    }

    public func text(_ kind: Kind, in language: Language, _ values: [String: String] = [:]) -> String {
        Template(texts[kind]?.text(in: language) ?? "").render(values)
    }
}
