/// An elected official who receives the questions of their commune, checked and
/// normalised from the registry's sheet or the API.
public struct Official: Sendable, Equatable {
    public var name: String
    public var office: Office
    /// A commune id of the menus' `questions:`.
    public var commune: String
    public var phone: PhoneNumber
    /// The languages the official reads; the first is the one Tama writes to them in.
    public var languages: [Language]
    /// Topic ids taken; nil: all of them.
    public var topics: [String]?

    public init(name: String, office: Office, commune: String, phone: PhoneNumber, languages: [Language], topics: [String]?) {
        self.name = name
        self.office = office
        self.commune = commune
        self.phone = phone
        self.languages = languages
        self.topics = topics
    }

    public func takes(_ topic: String) -> Bool {
        topics?.contains(topic) ?? true
    }
}
