import GRDB
import TamaCore

/// A broadcast's audience as a WHERE clause over `subscriber s`. Parameterised: names of
/// communes and tags come from campaign teams and never enter the SQL text.
struct AudienceQuery {
    var sql: String
    var arguments: StatementArguments

    /// Who the broadcast reaches: the filters' people, less those who sent STOP, those
    /// who left `campaign`, and, for subscribers only, those never subscribed to it. With
    /// `optedOut`, those it would reach but for their STOP instead: progress counts them.
    init(_ audience: Audience, campaign: String, fallback: Language, optedOut: Bool = false) {
        let filters = AudienceQuery(filtering: audience, fallback: fallback)
        // One subscription row per person and campaign: an active one is not a left one.
        let subscription =
            audience.subscribersOnly
            ? "EXISTS (\(Self.subscription) AND c.status = 'active')"
            : "NOT EXISTS (\(Self.subscription) AND c.status = 'unsubscribed')"
        self.sql = "\(filters.sql) AND s.optedOutAt IS \(optedOut ? "NOT NULL" : "NULL") AND \(subscription)"
        self.arguments = filters.arguments + [campaign]
    }

    /// Only the communes, languages and tags: everyone a campaign team's filters name,
    /// before anyone is left out.
    init(filtering audience: Audience, fallback: Language) {
        var clauses = ["1"]
        var arguments: StatementArguments = []
        func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        if !audience.communes.isEmpty {
            clauses.append("s.commune IN (\(placeholders(audience.communes.count)))")
            arguments += StatementArguments(audience.communes)
        }
        if !audience.languages.isEmpty {
            clauses.append("IFNULL(s.language, ?) IN (\(placeholders(audience.languages.count)))")
            arguments += [fallback.rawValue]
            arguments += StatementArguments(audience.languages.map(\.rawValue))
        }
        if !audience.tags.isEmpty {
            clauses.append("EXISTS (SELECT 1 FROM subscriberTag t WHERE t.subscriberId = s.id AND t.tag IN (\(placeholders(audience.tags.count))))")
            arguments += StatementArguments(audience.tags)
        }
        self.sql = clauses.joined(separator: " AND ")
        self.arguments = arguments
    }

    /// The subscriber's subscription to the campaign bound next.
    static let subscription = "SELECT 1 FROM subscription c WHERE c.subscriberId = s.id AND c.campaign = ?"

    /// Counts, among the filters' people, those left out and why. Each person counts once,
    /// under the first reason that holds: STOP, then leaving, then never subscribing.
    static func leftOut(_ audience: Audience, campaign: String, fallback: Language) -> AudienceQuery {
        let filters = AudienceQuery(filtering: audience, fallback: fallback)
        let left = "EXISTS (\(subscription) AND c.status = 'unsubscribed')"
        let subscribed = "EXISTS (\(subscription) AND c.status = 'active')"
        return AudienceQuery(
            sql: """
                SELECT
                    IFNULL(SUM(s.optedOutAt IS NOT NULL), 0),
                    IFNULL(SUM(s.optedOutAt IS NULL AND \(left)), 0),
                    IFNULL(SUM(? AND s.optedOutAt IS NULL AND NOT \(left) AND NOT \(subscribed)), 0)
                FROM subscriber s WHERE \(filters.sql)
                """,
            arguments: [campaign, audience.subscribersOnly, campaign, campaign] + filters.arguments
        )
    }

    private init(sql: String, arguments: StatementArguments) {
        self.sql = sql
        self.arguments = arguments
    }
}
