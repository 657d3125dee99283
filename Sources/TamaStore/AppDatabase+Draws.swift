import Foundation
import GRDB
import TamaCore

extension AppDatabase {
    /// Who may win a quiz's draw.
    public enum DrawPool: String, Sendable, Codable {
        /// Everyone whose answers to all the quiz's questions were right and in time.
        case allCorrect = "all-correct"
        /// Everyone with an answer that counts.
        case participants
    }

    /// The people of `pool` for quiz `quiz` (of `questions` questions), in a fixed order
    /// (first contact first), hosts' numbers left out.
    public func eligible(for quiz: String, _ pool: DrawPool, questions: Int) async throws -> [(subscriber: Int64, phone: PhoneNumber)] {
        try await reader.read { db in
            let allCorrect = pool == .allCorrect ? "AND q.correct = ?" : ""
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT q.subscriberId, s.phone FROM quizScore q JOIN subscriber s ON s.id = q.subscriberId
                    WHERE q.quiz = ? \(allCorrect) AND s.phone NOT IN (SELECT phone FROM quizHost) ORDER BY q.subscriberId
                    """,
                arguments: pool == .allCorrect ? [quiz, questions] : [quiz]
            ).compactMap { row in PhoneNumber(row[1] as String).map { (subscriber: row[0] as Int64, phone: $0) } }
        }
    }

    /// Records a draw before it is drawn: the published list and hashes, the secret seed,
    /// and who stands behind each line. Returns its id.
    public func recordDraw(
        quiz: String, pool: DrawPool, count: Int, list: [String], subscribers: [Int64], listHash: String, seed: String, seedHash: String,
        actor: String, role: Role?, at now: Date
    ) async throws -> Int64 {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            let id = try Int64.fetchOne(
                db,
                sql: """
                    INSERT INTO quizDraw (quiz, among, count, list, subscribers, listHash, seed, seedHash, createdBy, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """,
                arguments: [
                    quiz, pool.rawValue, count, list.joined(separator: "\n"), subscribers.map(String.init).joined(separator: ","), listHash, seed, seedHash,
                    actor, timestamp,
                ]
            )!
            try Self.audit(
                actor: actor, role: role, action: "quiz.draw", target: "draw \(id)",
                detail: ["quiz": quiz, "among": pool.rawValue, "list-sha256": listHash, "seed-sha256": seedHash, "eligible": "\(list.count)"],
                at: timestamp, in: db
            )
            return id
        }
    }

    /// Reveals draw `id`'s seed with its `winners` (positions in the list, from 1), and
    /// queues `message(language)` to each winner, in one transaction with the audit line.
    public func revealDraw(
        _ id: Int64, winners: [Int], route: String?, ttl: TimeInterval, message: @escaping @Sendable (Language?) -> String?, actor: String,
        role: Role?, at now: Date
    ) async throws {
        try await write { db in
            let timestamp = DatabaseTimestamp.text(now)
            guard let stored = try String.fetchOne(db, sql: "SELECT subscribers FROM quizDraw WHERE id = ? AND revealedAt IS NULL", arguments: [id]) else {
                return
            }
            let subscribers = stored.split(separator: ",").compactMap { Int64($0) }
            try db.execute(
                sql: "UPDATE quizDraw SET winners = ?, revealedAt = ? WHERE id = ?", arguments: [winners.map(String.init).joined(separator: ","), timestamp, id]
            )
            if let route {
                for position in winners where subscribers.indices.contains(position - 1) {
                    guard let row = try Row.fetchOne(db, sql: "SELECT phone, language FROM subscriber WHERE id = ?", arguments: [subscribers[position - 1]]),
                        let phone = PhoneNumber(row["phone"] as String), let text = message((row["language"] as String?).map(Language.init(rawValue:)))
                    else { continue }
                    try Self.insertOutbound(
                        OutgoingSMS(recipient: phone, text: text, route: route, kind: .notification, expiresAt: now.addingTimeInterval(ttl)),
                        timestamp: timestamp, in: db
                    )
                }
            }
            try Self.audit(
                actor: actor, role: role, action: "quiz.draw.reveal", target: "draw \(id)", detail: ["winners": winners.map(String.init).joined(separator: ",")],
                at: timestamp, in: db
            )
        }
    }

    /// A draw as stored, its seed only once revealed.
    public struct StoredDraw: Sendable, Equatable {
        public var id: Int64
        public var quiz: String
        public var pool: String
        public var count: Int
        public var list: [String]
        public var listHash: String
        public var seed: String?
        public var seedHash: String
        public var winners: [Int]
    }

    public func draw(_ id: Int64) async throws -> StoredDraw? {
        try await reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM quizDraw WHERE id = ?", arguments: [id]).map { row in
                StoredDraw(
                    id: id, quiz: row["quiz"], pool: row["among"], count: row["count"], list: (row["list"] as String).split(separator: "\n").map(String.init),
                    listHash: row["listHash"], seed: row["revealedAt"] as String? != nil ? row["seed"] : nil, seedHash: row["seedHash"],
                    winners: ((row["winners"] as String?) ?? "").split(separator: ",").compactMap { Int($0) }
                )
            }
        }
    }

    /// The winners' whole numbers, to deliver their prizes: the one look at them, audited.
    public func drawWinners(_ id: Int64, actor: String, role: Role?, at now: Date) async throws -> [PhoneNumber] {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT subscribers, winners FROM quizDraw WHERE id = ? AND revealedAt IS NOT NULL", arguments: [id])
            else { return [] }
            let subscribers = (row["subscribers"] as String).split(separator: ",").compactMap { Int64($0) }
            let positions = ((row["winners"] as String?) ?? "").split(separator: ",").compactMap { Int($0) }
            var phones: [PhoneNumber] = []
            for position in positions where subscribers.indices.contains(position - 1) {
                if let phone = try String.fetchOne(db, sql: "SELECT phone FROM subscriber WHERE id = ?", arguments: [subscribers[position - 1]]).flatMap(PhoneNumber.init) {
                    phones.append(phone)
                }
            }
            try Self.audit(actor: actor, role: role, action: "quiz.draw.winners", target: "draw \(id)", detail: nil, at: DatabaseTimestamp.text(now), in: db)
            return phones
        }
    }
}

extension AppDatabase {
    /// The communes of draw `id`'s winners, in the order drawn (nil when unknown): what a
    /// host may say on air beside a masked number.
    public func drawWinnerCommunes(_ id: Int64) async throws -> [String?] {
        try await reader.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT subscribers, winners FROM quizDraw WHERE id = ? AND revealedAt IS NOT NULL", arguments: [id])
            else { return [] }
            let subscribers = (row["subscribers"] as String).split(separator: ",").compactMap { Int64($0) }
            return try ((row["winners"] as String?) ?? "").split(separator: ",").compactMap { Int($0) }.map { position in
                guard subscribers.indices.contains(position - 1) else { return nil }
                return try String.fetchOne(db, sql: "SELECT commune FROM subscriber WHERE id = ?", arguments: [subscribers[position - 1]])
            }
        }
    }
}
