import Foundation
import GRDB

// Read models of the tables, for tests that look at what the store wrote. The daemon
// itself reads and writes only through the intent-named methods of `AppDatabase`.

public struct Subscriber: Codable, Sendable, FetchableRecord, TableRecord {
    public var id: Int64
    public var phone: String
    public var language: String?
    public var createdAt: Date
    public var updatedAt: Date
}

public struct Subscription: Codable, Sendable, FetchableRecord, TableRecord {
    public var id: Int64
    public var subscriberId: Int64
    public var campaign: String
    public var status: String
    public var source: String
    public var subscribedAt: Date
    public var unsubscribedAt: Date?
}

public struct QuizAnswer: Codable, Sendable, FetchableRecord, TableRecord {
    public var id: Int64
    public var subscriberId: Int64
    public var quiz: String
    public var question: String
    public var choice: String
    public var channel: String
    public var answeredAt: Date
}

public struct CitizenQuestionRecord: Codable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "citizenQuestion"
    public var id: Int64
    public var commune: String
    public var official: String?
    public var topic: String
    public var text: String
    public var anonymous: Bool
    /// The asker's number, only when they signed.
    public var signedBy: String?
    public var channel: String
    public var status: String
    public var askedAt: Date
}

public struct USSDSessionRecord: Codable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "ussdSession"
    public var id: Int64
    public var aggregator: String
    public var externalId: String
    public var phone: String
    public var serviceCode: String
    public var network: String?
    public var service: String
    public var ended: Bool
    public var hops: Int
    public var createdAt: Date
    public var updatedAt: Date
}
