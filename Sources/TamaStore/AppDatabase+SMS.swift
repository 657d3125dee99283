import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// What became of an inbound SMS's webhook.
    public enum Acceptance: Sendable, Equatable {
        case accepted(id: Int64)
        /// The aggregator sent this id before: acknowledged, nothing changed.
        case duplicate
    }

    /// Stores `sms` as accepted, and nothing more, committed before this returns: the
    /// webhook's 200 costs one row through the group commit, and ``respondToAccepted``
    /// does the rest behind it. The aggregator's id makes a retry change nothing.
    public func accept(_ sms: InboundSMS, at now: Date) async throws -> Acceptance {
        try await commits.perform { db in
            try Self.insertInbound(sms, service: nil, status: "accepted", error: nil, at: DatabaseTimestamp.text(now), in: db)
                .map(Acceptance.accepted(id:)) ?? .duplicate
        }
    }

    /// An accepted SMS the responder has been through.
    public struct Responded: Sendable, Equatable {
        public enum Handling: Sendable, Equatable {
            case handled(SMSOutcome)
            /// Responding threw: the message is kept as `failed` with this reason.
            case failed(String)
        }

        public var id: Int64
        public var sms: InboundSMS
        public var handling: Handling
    }

    /// Responds to up to `limit` accepted messages, oldest first, in one transaction: for
    /// each, `respond` decides, and its effects, its reply (queued on `replyRoute` of the
    /// route it came in on) and its mark as handled commit together, so a message is
    /// answered exactly once even when the process dies in between. Each is answered as
    /// of when it was received: a quiz answer sent while the question was open counts,
    /// even if a restart delayed its answer. A message whose response throws is kept as
    /// `failed` and the batch runs again without it; an error that may pass (a full
    /// disk) leaves the whole batch accepted for the next try.
    public func respondToAccepted(
        limit: Int, replyTTL: TimeInterval, replyRoute: @escaping @Sendable (String) -> String,
        respond: @escaping @Sendable (InboundSMS, SMSContext) -> SMSOutcome
    ) async throws -> [Responded] {
        try await writeWithoutTransaction { [cache] db in
            let accepted = try Self.accepted(limit: limit, in: db)
            // The worker looks every second: with nothing accepted, no transaction.
            guard !accepted.isEmpty else { return [] }
            var failures: [Int64: String] = [:]
            while true {
                var responded: [Responded] = []
                var failing: (id: Int64, reason: String)?
                try db.inTransaction(.immediate) {
                    for (id, sms, receivedAt) in accepted {
                        if let reason = failures[id] {
                            try Self.markInbound(id, service: nil, status: "failed", error: reason, in: db)
                            responded.append(Responded(id: id, sms: sms, handling: .failed(reason)))
                            continue
                        }
                        do {
                            let outcome = try Self.respond(
                                to: sms, id: id, receivedAt: receivedAt, cache: cache, replyTTL: replyTTL, replyRoute: replyRoute(sms.route),
                                respond: respond, in: db
                            )
                            responded.append(Responded(id: id, sms: sms, handling: .handled(outcome)))
                        } catch where !Self.isTransient(error) {
                            failing = (id, Self.reason(error))
                            return .rollback
                        }
                    }
                    return .commit
                }
                guard let failing else { return responded }
                failures[failing.id] = failing.reason
            }
        }
    }

    /// Messages accepted and not yet responded to, and when the oldest came: the
    /// responder's backlog, for `/metrics` and `/health`.
    public func unansweredSMS() async throws -> (waiting: Int, oldest: Date?) {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), MIN(receivedAt) FROM inboundMessage INDEXED BY inboundMessage_accepted WHERE status = 'accepted'"
            )
            return (row?[0] ?? 0, row?[1])
        }
    }

    /// The oldest accepted messages. A row whose number no longer reads as one (the file
    /// was edited by hand) is kept as failed at once rather than stay in the way.
    private static func accepted(limit: Int, in db: Database) throws -> [(id: Int64, sms: InboundSMS, receivedAt: Date)] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, aggregator, externalId, phone, recipient, text, network, receivedAt FROM inboundMessage INDEXED BY inboundMessage_accepted
                    WHERE status = 'accepted' ORDER BY id LIMIT ?
                    """
            ),
            arguments: [limit]
        )
        var accepted: [(id: Int64, sms: InboundSMS, receivedAt: Date)] = []
        for row in rows {
            guard let phone = PhoneNumber(row["phone"] as String) else {
                try markInbound(row["id"], service: nil, status: "failed", error: "the sender's number does not read as one", in: db)
                continue
            }
            let sms = InboundSMS(
                route: row["aggregator"], externalId: row["externalId"], phone: phone, recipient: row["recipient"], text: row["text"], network: row["network"]
            )
            accepted.append((row["id"], sms, row["receivedAt"]))
        }
        return accepted
    }

    /// One accepted message's response, inside the batch's transaction.
    private static func respond(
        to sms: InboundSMS, id: Int64, receivedAt: Date, cache: WriterCache, replyTTL: TimeInterval, replyRoute: String,
        respond: (InboundSMS, SMSContext) -> SMSOutcome, in db: Database
    ) throws -> SMSOutcome {
        let timestamp = DatabaseTimestamp.text(receivedAt)
        let outcome = respond(sms, try smsContext(of: sms.phone, at: receivedAt, cache: cache, in: db))
        try markInbound(id, service: outcome.service, status: "handled", error: nil, in: db)
        // A question's text lives with the question; the message keeps its reference,
        // so the number and what they asked meet nowhere officials can look.
        for case .askQuestion(let question) in outcome.effects {
            try db.execute(sql: "UPDATE inboundMessage SET text = ? WHERE id = ?", arguments: ["[question \(question.number)]", id])
        }
        try EffectWriter.apply(outcome.effects, phone: sms.phone, channel: .sms, route: replyRoute, at: timestamp, in: db)
        if let reply = outcome.reply, !reply.isEmpty {
            let message = OutgoingSMS(
                recipient: sms.phone, text: reply, route: replyRoute, kind: .reply, expiresAt: receivedAt.addingTimeInterval(replyTTL), inboundId: id
            )
            try insertOutbound(message, timestamp: timestamp, in: db)
        }
        return outcome
    }

    private static func markInbound(_ id: Int64, service: String?, status: String, error: String?, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE inboundMessage SET service = ?, status = ?, error = ? WHERE id = ?")
            .execute(arguments: [service, status, error, id])
    }

    static func insertInbound(
        _ sms: InboundSMS, service: String?, status: String, error: String?, at timestamp: String, in db: Database
    ) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO inboundMessage (aggregator, externalId, phone, recipient, text, network, service, status, error, receivedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (aggregator, externalId) DO NOTHING
                    RETURNING id
                    """
            ),
            arguments: [sms.route, sms.externalId, sms.phone.e164, sms.recipient, sms.text, sms.network, service, status, error, timestamp]
        )
    }

    static func smsContext(of phone: PhoneNumber, at now: Date, cache: WriterCache, in db: Database) throws -> SMSContext {
        let transaction = Transaction(db: db)
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, language, optedOutAt, helpRepliedAt, commune FROM subscriber WHERE phone = ?"),
            arguments: [phone.e164]
        )
        let awaiting = try row.flatMap { row in
            try Int.fetchOne(
                db.cachedStatement(
                    // CROSS JOIN keeps the sender's few questions outside: left to itself,
                    // SQLite started from every question awaiting a commune, in the whole
                    // table, for every message.
                    sql: """
                        SELECT a.questionId FROM questionAsker a CROSS JOIN citizenQuestion q ON q.id = a.questionId
                        WHERE a.subscriberId = ? AND q.status = 'awaiting_commune' ORDER BY a.questionId DESC LIMIT 1
                        """
                ),
                arguments: [row["id"]]
            )
        }
        return SMSContext(
            knownLanguage: (row?["language"] as String?).map(Language.init(rawValue:)),
            optedOut: row?["optedOutAt"] as String? != nil,
            lastHelpReply: row?["helpRepliedAt"] as Date?,
            answeredQuestions: try answeredQuestions(of: row?["id"], in: db),
            quizStates: try cache.quizStates(in: db),
            hosts: try hostScopes(of: phone, in: db),
            // Called by the responder inside this transaction, only for a host's RESULTATS.
            quizCounts: { quiz in try? Self.quizCounts(quiz, leaders: 0, in: transaction.db) },
            nextQuestionNumber: try cache.nextQuestionNumber(in: db),
            commune: row?["commune"],
            questionAwaitingCommune: awaiting,
            official: try official(phone: phone, in: db).flatMap { $0.retiredAt == nil ? $0 : nil },
            // Called by the responder inside this transaction, only for a text naming a question.
            question: { [sender = row?["id"] as Int64?] number in try? Self.questionFacts(number, sender: sender, in: transaction.db) },
            now: now
        )
    }
}

/// The message's own transaction, for the counts a host's RESULTATS reads. The responder
/// calls it synchronously, on the writer's queue, before the transaction ends: it never
/// crosses to another thread, whatever `Sendable` has to be told.
private struct Transaction: @unchecked Sendable {
    let db: Database
}
