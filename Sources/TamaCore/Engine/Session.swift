import Foundation

/// Where one caller is in one menu, between two hops.
public struct Session: Sendable, Equatable {
    public var service: String
    public var language: Language
    public var screen: String
    /// The page of a screen too long for one, counted from 0.
    public var page: Int
    /// The screens before this one, for the back key.
    public var history: [String]
    public var variables: [String: String]
    /// The aggregator's accumulated input at the last hop; see ``HopText``.
    public var lastText: String
    /// The answer to the last hop, sent again when the aggregator retries it.
    public var reply: Reply
    public var updatedAt: Date

    public init(
        service: String, language: Language, screen: String, page: Int = 0, history: [String] = [],
        variables: [String: String] = [:], lastText: String, reply: Reply, updatedAt: Date
    ) {
        self.service = service
        self.language = language
        self.screen = screen
        self.page = page
        self.history = history
        self.variables = variables
        self.lastText = lastText
        self.reply = reply
        self.updatedAt = updatedAt
    }
}
