import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// What became of an inbound SMS.
    public enum Reception: Sendable, Equatable {
        case accepted(id: Int64, SMSOutcome)
        /// The aggregator sent this id before: acknowledged, nothing changed.
        case duplicate
    }

    /// Stores `sms`, lets `respond` decide, applies its effects and queues its reply on
    /// `replyRoute` (the route it came in on, by default), all in one transaction
    /// committed before this returns: the webhook's 200 then means the message and
    /// everything it caused are on disk.
    public func receive(
        _ sms: InboundSMS, replyRoute: String? = nil, at now: Date, replyTTL: TimeInterval,
        respond: @escaping @Sendable (SMSContext) -> SMSOutcome
    ) async throws -> Reception {
        try await commits.perform { db in
            let timestamp = DatabaseTimestamp.text(now)
            // Decided first, so the message is inserted once with its service; the insert
            // still tells a retried message from a new one, and a retry writes nothing.
            let outcome = respond(try Self.smsContext(of: sms.phone, at: now, in: db))
            var stored = sms
            // A question's text lives with the question; the message keeps its reference,
            // so the number and what they asked meet nowhere officials can look.
            for case .askQuestion(let question) in outcome.effects { stored.text = "[question \(question.number)]" }
            guard let id = try Self.insertInbound(stored, service: outcome.service, status: "handled", error: nil, at: timestamp, in: db)
            else {
                return .duplicate
            }
            try EffectWriter.apply(outcome.effects, phone: sms.phone, channel: .sms, route: replyRoute ?? sms.route, at: timestamp, in: db)
            if let reply = outcome.reply, !reply.isEmpty {
                let message = OutgoingSMS(
                    recipient: sms.phone, text: reply, route: replyRoute ?? sms.route, kind: .reply,
                    expiresAt: now.addingTimeInterval(replyTTL), inboundId: id
                )
                try Self.insertOutbound(message, timestamp: timestamp, in: db)
            }
            return .accepted(id: id, outcome)
        }
    }

    /// Keeps an SMS whose handling failed, so no message a person sent is lost; nil when
    /// it was already stored.
    @discardableResult
    public func keepUnhandled(_ sms: InboundSMS, error: String, at now: Date) async throws -> Int64? {
        try await write { db in
            try Self.insertInbound(sms, service: nil, status: "failed", error: error, at: DatabaseTimestamp.text(now), in: db)
        }
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

    static func smsContext(of phone: PhoneNumber, at now: Date, in db: Database) throws -> SMSContext {
        let transaction = Transaction(db: db)
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, language, optedOutAt, helpRepliedAt, commune FROM subscriber WHERE phone = ?"),
            arguments: [phone.e164]
        )
        let awaiting = try row.flatMap { row in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT q.id FROM citizenQuestion q JOIN questionAsker a ON a.questionId = q.id
                        WHERE a.subscriberId = ? AND q.status = 'awaiting_commune' ORDER BY q.id DESC LIMIT 1
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
            quizStates: try quizStates(in: db),
            hosts: try hostScopes(of: phone, in: db),
            // Called by the responder inside this transaction, only for a host's RESULTATS.
            quizCounts: { quiz in try? Self.quizCounts(quiz, leaders: 0, in: transaction.db) },
            nextQuestionNumber: try EffectWriter.nextQuestionNumber(in: db),
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
