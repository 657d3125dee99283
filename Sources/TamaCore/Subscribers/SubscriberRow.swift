import Foundation

/// One person of a contact list, checked and normalised, ready for the store.
public struct SubscriberRow: Sendable, Equatable {
    public var phone: PhoneNumber
    public var name: String?
    public var language: Language?
    public var commune: String?
    /// Lower-case; nil when the file has no tags column (existing tags stay as they are).
    public var tags: [String]?
    public var consentedAt: Date?
    public var source: String

    public init(
        phone: PhoneNumber, name: String? = nil, language: Language? = nil, commune: String? = nil, tags: [String]? = nil,
        consentedAt: Date? = nil, source: String
    ) {
        self.phone = phone
        self.name = name
        self.language = language
        self.commune = commune
        self.tags = tags
        self.consentedAt = consentedAt
        self.source = source
    }
}
