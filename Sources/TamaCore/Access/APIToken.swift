/// An API token as the store keeps it: never the secret itself, only its hash.
public struct APIToken: Sendable, Equatable, Codable {
    public var id: Int64
    public var label: String
    public var role: Role
    public var createdAt: String
    public var revokedAt: String?
    /// The registered official an `official` token speaks for: it sees that official's
    /// questions only.
    public var official: Int64?

    public init(id: Int64, label: String, role: Role, createdAt: String, revokedAt: String? = nil, official: Int64? = nil) {
        self.id = id
        self.label = label
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.official = official
    }

    /// How the audit log names whoever used this token, by its id and label, never its secret.
    public var actor: String { "token \(id) (\(label))" }
}
