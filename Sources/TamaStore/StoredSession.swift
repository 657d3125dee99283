import Foundation
import GRDB
import TamaCore

/// How a ``Session`` maps onto the columns of `ussdSession`. Plain columns rather than
/// one JSON document, and its variables in a compact text rather than JSON: a hop reads
/// and writes a session inside the serialized writer, and JSON coding was the largest
/// cost there, then still a sixth of the hop's own work with the variables alone.
enum StoredSession {
    /// The columns a hop selects: the row id, then those ``session(from:)`` reads by position.
    static let columns = "id, service, language, screen, page, history, variables, lastText, reply, ended, updatedAt"

    static func session(from row: Row) throws -> Session {
        let variables: String? = row[6]
        return Session(
            service: row[1], language: Language(rawValue: row[2]), screen: row[3], page: row[4],
            history: (row[5] as String).split(separator: " ").map(String.init),
            variables: try variables.map(Self.variables(from:)) ?? [:],
            lastText: row[7], reply: Reply(text: row[8], ends: row[9]), updatedAt: row[10]
        )
    }

    /// The argument values of a session, in the order of the `SET` and `INSERT` lists below.
    /// A finished session keeps nothing typed in it (its variables, its accumulated text):
    /// a retry gets its stored reply, and a question's text must not stay beside the
    /// number that asked it.
    static func values(of session: Session) -> [(any DatabaseValueConvertible)?] {
        let ended = session.reply.ends
        let variables = session.variables.isEmpty || ended ? nil : text(of: session.variables)
        return [
            session.service, session.language.rawValue, session.screen, session.page,
            session.history.joined(separator: " "), variables, ended ? "" : session.lastText, session.reply.text, ended,
        ]
    }

    /// `variables` as one text: each name, then its value, each preceded by its length in
    /// UTF-8 bytes and a colon (`12:quizQuestion2:q1`). A value is whatever a caller typed,
    /// any character at all, and a length needs no escaping.
    static func text(of variables: [String: String]) -> String {
        var text = ""
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) {
            text += "\(name.utf8.count):\(name)\(value.utf8.count):\(value)"
        }
        return text
    }

    /// The variables that ``text(of:)`` wrote.
    static func variables(from text: String) throws -> [String: String] {
        var variables: [String: String] = [:]
        var rest = Substring(text).utf8[...]
        func next() throws -> String {
            guard let colon = rest.firstIndex(of: UInt8(ascii: ":")), let count = Int(Substring(rest[..<colon])), count >= 0,
                let end = rest.index(colon, offsetBy: count + 1, limitedBy: rest.endIndex)
            else { throw UnreadableVariables(text: text) }
            defer { rest = rest[end...] }
            return String(Substring(rest[rest.index(after: colon)..<end]))
        }
        while !rest.isEmpty {
            let name = try next()
            variables[name] = try next()
        }
        return variables
    }

    /// A session's variables that do not read as ``text(of:)`` writes them: the file was
    /// edited by hand. The hop fails and its caller gets the apology.
    struct UnreadableVariables: Error, CustomStringConvertible {
        let text: String
        var description: String { "a USSD session's variables do not read as lengths and texts: \(text.prefix(80))" }
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
