import GRDB
import TamaCore

/// Applies the engine's effects for one person, inside the caller's transaction.
enum EffectWriter {
    /// `now` is a ``DatabaseTimestamp`` text, formatted once per hop.
    /// `route` carries what the effects send (a closed question's answers to its
    /// participants, a question's notices to its officials).
    static func apply(_ effects: [Effect], phone: PhoneNumber, channel: Channel, route: String, at now: String, in db: Database) throws {
        guard !effects.isEmpty else { return }
        let subscriber = try subscriberID(phone, source: channel.rawValue, at: now, in: db)
        for effect in effects {
            switch effect {
            case .setLanguage(let language):
                try db.cachedStatement(sql: "UPDATE subscriber SET language = ?, updatedAt = ? WHERE id = ?")
                    .execute(arguments: [language.rawValue, now, subscriber])
            case .subscribe(let campaign):
                try db.cachedStatement(
                    sql: """
                        INSERT INTO subscription (subscriberId, campaign, status, source, subscribedAt, updatedAt)
                        VALUES (?, ?, 'active', ?, ?, ?)
                        ON CONFLICT (subscriberId, campaign) DO UPDATE SET
                            subscribedAt = CASE WHEN status = 'active' THEN subscribedAt ELSE excluded.subscribedAt END,
                            status = 'active', unsubscribedAt = NULL, source = excluded.source, updatedAt = excluded.updatedAt
                        """
                ).execute(arguments: [subscriber, campaign, channel.rawValue, now, now])
                // Subscribing is consent; it leaves a STOP as it is (see `optIn`).
                try db.cachedStatement(sql: "UPDATE subscriber SET consentedAt = IFNULL(consentedAt, ?) WHERE id = ?")
                    .execute(arguments: [now, subscriber])
            case .unsubscribe(let campaign):
                try db.cachedStatement(
                    sql: """
                        UPDATE subscription SET status = 'unsubscribed', unsubscribedAt = ?, updatedAt = ?
                        WHERE subscriberId = ? AND campaign = ? AND status = 'active'
                        """
                ).execute(arguments: [now, now, subscriber, campaign])
            case .answerQuiz(let answer):
                // A second answer in time changes nothing; late ones are all kept.
                try db.cachedStatement(
                    sql: """
                        INSERT INTO quizAnswer (subscriberId, quiz, question, choice, correct, points, late, channel, answeredAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (quiz, question, subscriberId) WHERE late = 0 DO NOTHING
                        """
                ).execute(arguments: [
                    subscriber, answer.quiz, answer.question, answer.choice, answer.correct, answer.points, answer.late, channel.rawValue, now,
                ])
                if db.changesCount > 0 { try tally(answer, of: subscriber, at: now, in: db) }
            case .askQuestion(let question):
                try AppDatabase.ask(question, by: subscriber, phone: phone, channel: channel, route: route, at: now, in: db)
            case .placeQuestion(let number, let commune, let notice):
                try AppDatabase.place(question: number, in: commune, notice: notice, by: subscriber, route: route, at: now, in: db)
            case .answerQuestion(let number, let official, let text, let relay):
                try AppDatabase.answer(number, by: official, text: text, relay: relay, channel: channel.rawValue, route: route, at: now, in: db)
            case .rateAnswer(let number, let rating):
                try AppDatabase.rate(number, rating, at: now, in: db)
            case .optIn:
                try db.cachedStatement(sql: "UPDATE subscriber SET optedOutAt = NULL, updatedAt = ? WHERE id = ?")
                    .execute(arguments: [now, subscriber])
            case .optOut:
                try db.cachedStatement(sql: "UPDATE subscriber SET optedOutAt = ?, updatedAt = ? WHERE id = ? AND optedOutAt IS NULL")
                    .execute(arguments: [now, now, subscriber])
            case .setQuizState(let quiz, let question, let state, let announcement):
                try AppDatabase.setState(
                    state, of: question, in: quiz, announcing: announcement, route: route, actor: "host \(phone.masked)", role: .host, at: now, in: db
                )
            case .rememberHelpReply:
                try db.cachedStatement(sql: "UPDATE subscriber SET helpRepliedAt = ? WHERE id = ?")
                    .execute(arguments: [now, subscriber])
            }
        }
    }

    /// Adds a stored answer to its quiz's tallies and, if it counts, to the listener's
    /// score, so results read a few rows however many have answered.
    static func tally(_ answer: QuizAnswer, of subscriber: Int64, at now: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO quizTally (quiz, question, choice, commune, late, answers, correct)
                VALUES (?, ?, ?, (SELECT IFNULL(commune, '') FROM subscriber WHERE id = ?), ?, 1, ?)
                ON CONFLICT DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct
                """
        ).execute(arguments: [answer.quiz, answer.question, answer.choice, subscriber, answer.late, answer.correct])
        guard !answer.late else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO quizScore (quiz, subscriberId, score, correct, reachedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET score = score + excluded.score, correct = correct + excluded.correct,
                    reachedAt = CASE WHEN excluded.score > 0 THEN excluded.reachedAt ELSE reachedAt END
                """
        ).execute(arguments: [answer.quiz, subscriber, answer.points, answer.correct, now])
    }

    /// The subscriber row for `phone`, created on first contact.
    static func subscriberID(_ phone: PhoneNumber, source: String, at now: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO subscriber (phone, source, createdAt, updatedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT (phone) DO UPDATE SET updatedAt = excluded.updatedAt
                    RETURNING id
                    """
            ),
            arguments: [phone.e164, source, now, now]
        )!
    }
}
