/// Where a menu's people ask their elected officials: the communes, in the order a
/// citizen is offered them, and the topics a question can be about. Officials are
/// registered against these ids, and a question goes to its commune's officials.
public struct CivicQuestions: Sendable, Equatable {
    public struct Commune: Sendable, Equatable {
        /// `diema`: lower-case letters, digits and `-`.
        public var id: String
        /// `Diéma`: a place's name is the same in every language.
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Topic: Sendable, Equatable {
        public var id: String
        public var name: Localized

        public init(id: String, name: Localized) {
            self.id = id
            self.name = name
        }
    }

    public var communes: [Commune]
    public var topics: [Topic]
    /// What an official is texted when a question reaches them: `{ref}`, `{commune}`,
    /// `{topic}`, `{text}`, and `{signature}` (the citizen's number when they signed, else
    /// nothing).
    public var notice: Localized

    /// The variables ``notice`` may use.
    public static let noticeVariables = ["ref", "commune", "topic", "text", "signature"]
    /// How an official's answer reaches the citizen, in the citizen's language:
    /// `{office}`, `{commune}`, `{ref}`, `{answer}`.
    public var answer: Localized
    public static let answerVariables = ["office", "commune", "ref", "answer"]
    /// What the citizen is told, in their language, when a campaign team does not pass
    /// their question on: `{ref}`.
    public var notPassed: Localized
    public static let notPassedVariables = ["ref"]
    /// What offices are called in each language (`mayor: {fr: maire, bm: meri}`); an
    /// office not listed is named in French.
    public var offices: [Office: Localized]

    public init(
        communes: [Commune], topics: [Topic], notice: Localized = Localized([:]), answer: Localized = Localized([:]),
        notPassed: Localized = Localized([:]), offices: [Office: Localized] = [:]
    ) {
        self.notPassed = notPassed
        self.communes = communes
        self.topics = topics
        self.notice = notice
        self.answer = answer
        self.offices = offices
    }

    /// Official `office`'s answer to question `number` of `commune`, as the citizen reads it.
    public func relay(_ text: String, by office: Office, to number: Int, of commune: String, in language: Language) -> String {
        let placeholder = "\u{0}"
        let framed = Template(answer.text(in: language)).render([
            "office": offices[office]?.text(in: language) ?? office.french, "commune": self.commune(commune)?.name ?? commune,
            "ref": String(number), "answer": placeholder,
        ])
        return framed.replacingOccurrences(of: placeholder, with: text)
    }

    public func commune(_ id: String) -> Commune? {
        communes.first { $0.id == id }
    }

    /// The commune a subscriber's own record names, by id or by name as a sheet wrote it.
    public func commune(written text: String) -> Commune? {
        communes.first { $0.id == text.lowercased() || Folding.fold($0.name) == Folding.fold(text) }
    }

    /// What a question about `topic` in `commune` tells its officials.
    public func notice(commune id: String, topic: String) -> QuestionNotice {
        QuestionNotice(
            text: notice, commune: commune(id)?.name ?? id, topic: topics.first { $0.id == topic }?.name ?? Localized([:])
        )
    }
}
