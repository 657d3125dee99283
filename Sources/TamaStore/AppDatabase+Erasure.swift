import Crypto
import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// What erasing a person removed.
    public struct Erasure: Sendable, Equatable, Codable {
        /// Whether Tama knew the number at all.
        public var found = false
        public var inboundMessages = 0
        /// Messages still queued for them, cancelled.
        public var cancelledMessages = 0
        public var sessions = 0
        /// Questions they asked: the questions stay, without anything that leads to them.
        public var questionsUnlinked = 0
    }

    /// Erases `phone` on its owner's request, in one transaction with its audit line: the
    /// subscriber with their subscriptions, tags and quiz answers; the link to their
    /// questions and their signature on them; their inbound texts and USSD sessions; their
    /// queued messages cancelled and every message's recipient blanked. The number's
    /// SHA-256 is kept so a contact list cannot bring it back. Messages in flight at that
    /// moment (`sending`) keep their recipient until their send is recorded.
    public func erase(_ phone: PhoneNumber, actor: String, role: Role?, at now: Date) async throws -> Erasure {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            var erasure = Erasure()
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM subscriber WHERE phone = ?", arguments: [phone.e164]) {
                erasure.found = true
                erasure.questionsUnlinked = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM questionAsker WHERE subscriberId = ?", arguments: [id])!
                // Subscriptions, tags, quiz answers and question links go with it (cascades).
                try db.execute(sql: "DELETE FROM subscriber WHERE id = ?", arguments: [id])
            }
            try db.execute(sql: "UPDATE citizenQuestion SET signedBy = NULL WHERE signedBy = ?", arguments: [phone.e164])
            try db.execute(sql: "DELETE FROM inboundMessage WHERE phone = ?", arguments: [phone.e164])
            erasure.inboundMessages = db.changesCount
            try db.execute(sql: "DELETE FROM ussdSession WHERE phone = ?", arguments: [phone.e164])
            erasure.sessions = db.changesCount
            try db.execute(
                sql: "UPDATE outboundMessage SET status = 'cancelled', error = 'erased on request', updatedAt = ? WHERE recipient = ? AND status = 'queued'",
                arguments: [timestamp, phone.e164]
            )
            erasure.cancelledMessages = db.changesCount
            try db.execute(
                sql: """
                    UPDATE outboundMessage SET recipient = 'erased', text = CASE WHEN broadcastId IS NULL THEN '' ELSE text END, updatedAt = ?
                    WHERE recipient = ? AND status <> 'sending'
                    """,
                arguments: [timestamp, phone.e164]
            )
            erasure.found = erasure.found || erasure.inboundMessages + erasure.sessions + db.changesCount > 0
            try db.execute(
                sql: "INSERT OR REPLACE INTO erasedNumber (hash, erasedAt) VALUES (?, ?)", arguments: [Self.erasureHash(phone), timestamp]
            )
            try Self.audit(
                actor: actor, role: role, action: "subscriber.erase", target: "subscriber \(phone.masked)",
                detail: ["inbound": "\(erasure.inboundMessages)", "cancelled": "\(erasure.cancelledMessages)", "questions": "\(erasure.questionsUnlinked)"],
                at: timestamp, in: db
            )
            return erasure
        }
    }

    /// How an erased number is remembered: its SHA-256, which recognises the number in a
    /// later contact list without showing it to anyone who reads the table.
    static func erasureHash(_ phone: PhoneNumber) -> String {
        SHA256.hash(data: Data(("tama-erased:" + phone.e164).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
