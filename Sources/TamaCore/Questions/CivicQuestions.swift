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

    public init(communes: [Commune], topics: [Topic]) {
        self.communes = communes
        self.topics = topics
    }

    public func commune(_ id: String) -> Commune? {
        communes.first { $0.id == id }
    }
}
