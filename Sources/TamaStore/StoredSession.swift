import Foundation
import GRDB
import TamaCore

/// How a ``Session`` maps onto the columns of `ussdSession`. Plain columns rather than
/// one JSON document: a hop reads and writes a session, and JSON coding was the largest
/// cost inside the serialized write transaction.
enum StoredSession {
    /// The columns a hop selects: the row id, then those ``session(from:)`` reads by position.
    static let columns = "id, service, language, screen, page, history, variables, lastText, reply, ended, updatedAt"

    static func session(from row: Row) throws -> Session {
        let variables: String? = row[6]
        return Session(
            service: row[1], language: Language(rawValue: row[2]), screen: row[3], page: row[4],
            history: (row[5] as String).split(separator: " ").map(String.init),
            variables: try variables.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:],
            lastText: row[7], reply: Reply(text: row[8], ends: row[9]), updatedAt: row[10]
        )
    }

    /// The argument values of a session, in the order of the `SET` and `INSERT` lists below.
    /// A finished session keeps nothing typed in it (its variables, its accumulated text):
    /// a retry gets its stored reply, and a question's text must not stay beside the
    /// number that asked it.
    static func values(of session: Session) throws -> [(any DatabaseValueConvertible)?] {
        let ended = session.reply.ends
        let variables = try session.variables.isEmpty || ended
            ? nil : String(decoding: JSONEncoder().encode(session.variables), as: UTF8.self)
        return [
            session.service, session.language.rawValue, session.screen, session.page,
            session.history.joined(separator: " "), variables, ended ? "" : session.lastText, session.reply.text, ended,
        ]
    }

    static let update = """
        UPDATE ussdSession SET service = ?, language = ?, screen = ?, page = ?, history = ?, variables = ?,
            lastText = ?, reply = ?, ended = ?, hops = hops + 1, updatedAt = ?
        WHERE id = ?
        """

    static let insert = """
        INSERT INTO ussdSession (service, language, screen, page, history, variables, lastText, reply, ended,
            aggregator, externalId, phone, serviceCode, network, hops, createdAt, updatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
        """
}
