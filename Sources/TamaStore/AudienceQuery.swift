import GRDB
import TamaCore

/// An audience as a WHERE clause over `subscriber s`. Parameterised: names of communes
/// and tags come from campaign teams and never enter the SQL text.
struct AudienceQuery {
    var sql: String
    var arguments: StatementArguments

    /// With `optedOut`, the people the filter matches who sent STOP instead: a broadcast's
    /// progress counts them as skipped.
    init(_ audience: Audience, fallback: Language, optedOut: Bool = false) {
        var clauses = [optedOut ? "s.optedOutAt IS NOT NULL" : "s.optedOutAt IS NULL"]
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
        if let campaign = audience.campaign {
            clauses.append("EXISTS (SELECT 1 FROM subscription c WHERE c.subscriberId = s.id AND c.campaign = ? AND c.status = 'active')")
            arguments += [campaign]
        }
        self.sql = clauses.joined(separator: " AND ")
        self.arguments = arguments
    }
}
