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

    public init(communes: [Commune], topics: [Topic], notice: Localized = Localized([:])) {
        self.communes = communes
        self.topics = topics
        self.notice = notice
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
