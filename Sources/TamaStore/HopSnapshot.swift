import Foundation
import GRDB
import TamaCore

/// What the engine needs to decide a hop, read inside the hop's transaction.
struct HopSnapshot {
    var rowID: Int64? = nil
    var session: Session? = nil
    var context: HopContext

    init(_ hop: USSDHop, at now: Date, cache: WriterCache, in db: Database) throws {
        // Rows read in place from the statement, not copied: a hop reads two, many
        // times a second, inside the serialized writer.
        let sessions = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT \(StoredSession.columns) FROM ussdSession WHERE aggregator = ? AND externalId = ?"),
            arguments: [hop.aggregator, hop.sessionID]
        )
        if let row = try sessions.next() {
            rowID = row[0]
            session = try StoredSession.session(from: row)
        }
        var caller: (language: String?, optedOut: Bool, id: Int64)?
        let callers = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT language, optedOutAt IS NOT NULL, id FROM subscriber WHERE phone = ?"), arguments: [hop.phone.e164]
        )
        if let row = try callers.next() { caller = (row[0], row[1], row[2]) }
        context = HopContext(
            text: hop.text,
            knownLanguage: caller?.language.map(Language.init(rawValue:)),
            nextQuestionNumber: try cache.nextQuestionNumber(in: db),
            optedOut: caller?.optedOut ?? false,
            quizStates: try cache.quizStates(in: db),
            answeredQuestions: try AppDatabase.answeredQuestions(of: caller?.id, in: db),
            now: now
        )
    }

    /// Stores `result` and its effects; what they send goes by `route`.
    func save(_ result: Step, for hop: USSDHop, route: String, at now: Date, in db: Database) throws {
        let timestamp = DatabaseTimestamp.text(now)
        var values = StoredSession.values(of: result.session)
        if let rowID {
            values += [timestamp, rowID]
            try db.cachedStatement(sql: StoredSession.update).execute(arguments: StatementArguments(values))
        } else {
            values += [hop.aggregator, hop.sessionID, hop.phone.e164, hop.serviceCode, hop.network, timestamp, timestamp]
            try db.cachedStatement(sql: StoredSession.insert).execute(arguments: StatementArguments(values))
        }
        try EffectWriter.apply(result.effects, phone: hop.phone, channel: .ussd, route: route, at: timestamp, in: db)
    }
}
