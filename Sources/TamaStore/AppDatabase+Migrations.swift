import Foundation
import GRDB

extension AppDatabase {
    /// The schema's history. A migration that has shipped is never edited: the next
    /// change is a new migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: USSD sessions and their effects") { db in
            try db.create(table: "subscriber") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("phone", .text).notNull().unique()
                t.column("language", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "ussdSession") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("aggregator", .text).notNull()
                t.column("externalId", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("serviceCode", .text).notNull()
                t.column("network", .text)
                // Where the caller stands: the fields of TamaCore's Session.
                t.column("service", .text).notNull()
                t.column("language", .text).notNull()
                t.column("screen", .text).notNull()
                t.column("page", .integer).notNull()
                t.column("history", .text).notNull()
                t.column("variables", .jsonText)
                t.column("lastText", .text).notNull()
                t.column("reply", .text).notNull()
                t.column("ended", .boolean).notNull()
                t.column("hops", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["aggregator", "externalId"])
            }
            try db.create(index: "ussdSession_open", on: "ussdSession", columns: ["updatedAt"], condition: Column("ended") == false)
            try db.create(index: "ussdSession_updatedAt", on: "ussdSession", columns: ["updatedAt"])
            try db.create(table: "subscription") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
                t.column("campaign", .text).notNull()
                t.column("status", .text).notNull().check { ["active", "unsubscribed"].contains($0) }
                t.column("source", .text).notNull()
                t.column("subscribedAt", .datetime).notNull()
                t.column("unsubscribedAt", .datetime)
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["subscriberId", "campaign"])
            }
            try db.create(table: "quizAnswer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
                t.column("quiz", .text).notNull()
                t.column("question", .text).notNull()
                t.column("choice", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("answeredAt", .datetime).notNull()
                // The first answer per person and question counts.
                t.uniqueKey(["quiz", "question", "subscriberId"])
            }
            try db.create(table: "citizenQuestion") { t in
                // The id is the reference the citizen is shown (`n° 123`).
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
                t.column("commune", .text).notNull()
                t.column("official", .text)
                t.column("topic", .text).notNull()
                t.column("text", .text).notNull()
                t.column("anonymous", .boolean).notNull()
                t.column("channel", .text).notNull()
                t.column("status", .text).notNull().defaults(to: "new")
                t.column("askedAt", .datetime).notNull()
            }
            try db.create(index: "citizenQuestion_commune", on: "citizenQuestion", columns: ["commune", "status"])
        }
        migrator.registerMigration("v2: SMS in and the outbound queue") { db in
            try db.alter(table: "subscriber") { t in
                // STOP: no broadcast reaches the number until it subscribes again.
                t.add(column: "optedOutAt", .datetime)
                t.add(column: "helpRepliedAt", .datetime)
            }
            try db.create(table: "inboundMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("aggregator", .text).notNull()
                t.column("externalId", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("text", .text).notNull()
                t.column("network", .text)
                t.column("service", .text)
                // `accepted` until the responder has been through it (v17), then `handled`,
                // or `failed` with the error: the message is kept either way.
                t.column("status", .text).notNull()
                t.column("error", .text)
                t.column("receivedAt", .datetime).notNull()
                // Aggregators retry webhooks: their id makes a retry change nothing.
                t.uniqueKey(["aggregator", "externalId"])
            }
            try db.create(table: "outboundMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("recipient", .text).notNull()
                t.column("text", .text).notNull()
                t.column("encoding", .text).notNull()
                t.column("parts", .integer).notNull()
                t.column("route", .text).notNull()
                // 0 replies, 1 notifications, 2 broadcasts: lower goes first.
                t.column("priority", .integer).notNull()
                t.column("kind", .text).notNull().check { ["reply", "notification", "broadcast"].contains($0) }
                t.column("status", .text).notNull().check {
                    ["queued", "sending", "sent", "delivered", "failed", "expired", "cancelled"].contains($0)
                }
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("leaseUntil", .datetime)
                t.column("aggregatorMessageId", .text)
                t.column("error", .text)
                // The message this one answers. Not a foreign key: enforcing one costs every
                // row of a broadcast (NULL here) a third of its insert time, and inbound
                // messages are never deleted.
                t.column("inboundId", .integer)
                t.column("broadcastId", .integer)
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("sentAt", .datetime)
                t.column("deliveredAt", .datetime)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(
                index: "outboundMessage_due", on: "outboundMessage", columns: ["route", "priority", "nextAttemptAt"],
                condition: Column("status") == "queued"
            )
            try db.create(
                index: "outboundMessage_leased", on: "outboundMessage", columns: ["leaseUntil"],
                condition: Column("status") == "sending"
            )
            // Partial, so the rows a broadcast enqueues by the hundred thousand touch neither.
            try db.create(
                index: "outboundMessage_aggregatorId", on: "outboundMessage", columns: ["route", "aggregatorMessageId"],
                condition: Column("aggregatorMessageId") != nil
            )
            try db.create(
                index: "outboundMessage_broadcastsSent", on: "outboundMessage", columns: ["recipient", "sentAt"],
                condition: Column("kind") == "broadcast" && Column("sentAt") != nil
            )
            // A report can overtake the send's own answer (the aggregator calls back before
            // Tama has recorded the id it was given): it waits here for its message.
            try db.create(table: "earlyDeliveryReport") { t in
                t.column("route", .text).notNull()
                t.column("aggregatorMessageId", .text).notNull()
                t.column("status", .text).notNull().check { ["delivered", "failed"].contains($0) }
                t.column("error", .text)
                t.column("receivedAt", .datetime).notNull()
                t.primaryKey(["route", "aggregatorMessageId"])
            }
        }
        migrator.registerMigration("v3: subscribers' details and tags") { db in
            try db.alter(table: "subscriber") { t in
                t.add(column: "name", .text)
                t.add(column: "commune", .text)
                t.add(column: "consentedAt", .datetime)
                // Where the number came from: `ussd`, `sms`, or the contact list it was imported from.
                t.add(column: "source", .text)
            }
            try db.create(index: "subscriber_commune", on: "subscriber", columns: ["commune"])
            try db.create(table: "subscriberTag") { t in
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
                t.column("tag", .text).notNull()
                t.primaryKey(["subscriberId", "tag"])
            }
            try db.create(index: "subscriberTag_tag", on: "subscriberTag", columns: ["tag"])
        }
        migrator.registerMigration("v4: API tokens and the audit log") { db in
            try db.create(table: "apiToken") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("label", .text).notNull()
                t.column("role", .text).notNull().check { ["admin", "campaign", "host", "official"].contains($0) }
                // SHA-256 of the token, hex: the token itself is shown once and never stored.
                t.column("hash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
            try db.create(table: "auditLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                // Who: a token, or the command line (`cli`) for what is done on the server itself.
                t.column("actor", .text).notNull()
                t.column("role", .text)
                t.column("action", .text).notNull()
                t.column("target", .text)
                t.column("detail", .jsonText)
            }
            try db.create(index: "auditLog_at", on: "auditLog", columns: ["at"])
        }
        migrator.registerMigration("v5: broadcasts") { db in
            try db.create(table: "broadcast") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("campaign", .text).notNull()
                t.column("audience", .jsonText).notNull()
                t.column("texts", .jsonText).notNull()
                t.column("fallback", .text).notNull()
                t.column("route", .text).notNull()
                // scheduled → fanning_out → sending → finished; or paused, cancelled.
                t.column("status", .text).notNull()
                // The status to return to on resume.
                t.column("pausedFrom", .text)
                t.column("scheduledAt", .datetime).notNull()
                // Fan-out goes through subscribers in id order; the last id done, so a
                // restart carries on after it and no one is queued twice.
                t.column("cursor", .integer).notNull().defaults(to: 0)
                t.column("queued", .integer).notNull().defaults(to: 0)
                t.column("skippedOptOut", .integer).notNull().defaults(to: 0)
                t.column("createdBy", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "broadcast_due", on: "broadcast", columns: ["status", "scheduledAt"])
            try db.create(
                index: "outboundMessage_broadcast", on: "outboundMessage", columns: ["broadcastId", "status"],
                condition: Column("broadcastId") != nil
            )
        }
        migrator.registerMigration("v6: broadcast texts stored once, cheaper checks on the queue") { db in
            // A broadcast's text lives once per language here; its queue rows name the
            // variant. Copying a two-part text into a million rows halved the fan-out rate
            // and wrote half a gigabyte.
            try db.create(table: "broadcastVariant") { t in
                t.belongsTo("broadcast", onDelete: .cascade).notNull()
                t.column("language", .text).notNull()
                t.column("text", .text).notNull()
                t.column("encoding", .text).notNull()
                t.column("parts", .integer).notNull()
                t.primaryKey(["broadcastId", "language"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, texts FROM broadcast") {
                let texts = try JSONDecoder().decode([String: String].self, from: Data((row["texts"] as String).utf8))
                try insertVariants(of: row["id"], texts: texts, in: db)
            }
            // The variants are the texts now; a second copy could only drift.
            try db.alter(table: "broadcast") { t in t.drop(column: "texts") }
            // The queue is rebuilt (SQLite cannot relax NOT NULL in place): `text` and
            // `encoding` may be NULL where `variant` names the broadcast's text, and the
            // checks compare with `=`, not `IN (…)`: SQLite builds a temporary b-tree for
            // an IN list at every row it checks, which cost a million-row fan-out 2 s.
            // Times are TEXT, not DATETIME: that affinity is numeric, and SQLite tries to
            // read every timestamp written as a number first (8 % of a fan-out's time).
            try db.create(table: "outboundMessage_v6") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("recipient", .text).notNull()
                t.column("text", .text)
                t.column("encoding", .text)
                t.column("parts", .integer).notNull()
                t.column("route", .text).notNull()
                // 0 replies, 1 notifications, 2 broadcasts: lower goes first.
                t.column("priority", .integer).notNull()
                t.column("kind", .text).notNull().check { oneOf($0, ["reply", "notification", "broadcast"]) }
                t.column("status", .text).notNull().check { oneOf($0, ["queued", "sending", "sent", "delivered", "failed", "expired", "cancelled"]) }
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .text).notNull()
                t.column("leaseUntil", .text)
                t.column("aggregatorMessageId", .text)
                t.column("error", .text)
                // The message this one answers. Not a foreign key: enforcing one costs every
                // row of a broadcast (NULL here) a third of its insert time, and inbound
                // messages are never deleted.
                t.column("inboundId", .integer)
                t.column("broadcastId", .integer)
                // The broadcast variant (its language) whose text this row sends.
                t.column("variant", .text)
                t.column("createdAt", .text).notNull()
                t.column("expiresAt", .text).notNull()
                t.column("sentAt", .text)
                t.column("deliveredAt", .text)
                t.column("updatedAt", .text).notNull()
                t.check(sql: "(text IS NOT NULL AND encoding IS NOT NULL) OR (broadcastId IS NOT NULL AND variant IS NOT NULL)")
            }
            try db.execute(
                sql: """
                    INSERT INTO outboundMessage_v6
                        (id, recipient, text, encoding, parts, route, priority, kind, status, attempts, nextAttemptAt, leaseUntil,
                         aggregatorMessageId, error, inboundId, broadcastId, createdAt, expiresAt, sentAt, deliveredAt, updatedAt)
                    SELECT id, recipient, text, encoding, parts, route, priority, kind, status, attempts, nextAttemptAt, leaseUntil,
                        aggregatorMessageId, error, inboundId, broadcastId, createdAt, expiresAt, sentAt, deliveredAt, updatedAt
                    FROM outboundMessage
                    """
            )
            try db.drop(table: "outboundMessage")
            try db.rename(table: "outboundMessage_v6", to: "outboundMessage")
            try createOutboundIndexes(in: db)
        }
        migrator.registerMigration("v7: a broadcast that cannot fan out fails with its reason") { db in
            try db.alter(table: "broadcast") { t in
                // Why a `failed` broadcast stopped, shown in the API, the CLI and the console.
                t.add(column: "failure", .text)
            }
        }
        migrator.registerMigration("v8: console sessions") { db in
            // A console sign-in: the browser keeps a random secret, the database only its
            // SHA-256, so a copy of the database signs no one in; signing out revokes it here.
            try db.create(table: "consoleSession") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("hash", .text).notNull().unique()
                t.belongsTo("apiToken", onDelete: .cascade).notNull()
                t.column("createdAt", .text).notNull()
                t.column("expiresAt", .text).notNull()
                t.column("revokedAt", .text)
            }
        }
        migrator.registerMigration("v9: anonymous questions keep their asker apart; erasure on request") { db in
            // Who asked is needed to send the answer back, and for nothing else: it moves to
            // a table only the relay reads, and a question that is not signed carries no
            // number. SQLite cannot drop a foreign key column in place: the table is rebuilt.
            try db.create(table: "questionAsker") { t in
                t.primaryKey("questionId", .integer).references("citizenQuestion", onDelete: .cascade)
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
            }
            try db.create(table: "citizenQuestion_v9") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("commune", .text).notNull()
                t.column("official", .text)
                t.column("topic", .text).notNull()
                t.column("text", .text).notNull()
                t.column("anonymous", .boolean).notNull()
                // The asker's number, only when they chose to sign.
                t.column("signedBy", .text)
                t.column("channel", .text).notNull()
                t.column("status", .text).notNull().defaults(to: "new")
                t.column("askedAt", .datetime).notNull()
            }
            try db.execute(
                sql: """
                    INSERT INTO citizenQuestion_v9 (id, commune, official, topic, text, anonymous, signedBy, channel, status, askedAt)
                    SELECT q.id, q.commune, q.official, q.topic, q.text, q.anonymous, CASE WHEN q.anonymous THEN NULL ELSE s.phone END,
                        q.channel, q.status, q.askedAt
                    FROM citizenQuestion q JOIN subscriber s ON s.id = q.subscriberId
                    """
            )
            // The inbound texts of SMS questions would link number and question: they keep
            // the reference only, as new ones do.
            try db.execute(
                sql: """
                    UPDATE inboundMessage SET text = '[question ' || q.id || ']'
                    FROM citizenQuestion q JOIN subscriber s ON s.id = q.subscriberId
                    WHERE q.channel = 'sms' AND inboundMessage.phone = s.phone AND inboundMessage.receivedAt = q.askedAt
                    """
            )
            let askers = try Row.fetchAll(db, sql: "SELECT id, subscriberId FROM citizenQuestion")
            try db.drop(table: "citizenQuestion")
            try db.rename(table: "citizenQuestion_v9", to: "citizenQuestion")
            try db.create(index: "citizenQuestion_commune", on: "citizenQuestion", columns: ["commune", "status"])
            for row in askers {
                try db.execute(sql: "INSERT INTO questionAsker (questionId, subscriberId) VALUES (?, ?)", arguments: [row["id"], row["subscriberId"]])
            }
            // A finished session needs none of what was typed in it (a retry gets its stored
            // reply): it keeps no variables and no text.
            try db.execute(sql: "UPDATE ussdSession SET variables = NULL, lastText = '' WHERE ended = 1")
            // Numbers erased on request, as SHA-256: a contact list imported later does not
            // bring them back.
            try db.create(table: "erasedNumber") { t in
                t.primaryKey("hash", .text)
                t.column("erasedAt", .text).notNull()
            }
        }
        migrator.registerMigration("v10: radio quizzes: judged answers, late ones kept apart, questions opened and closed") { db in
            // Each answer is judged when it arrives against the quiz in the menu, so results
            // and scores are counts. A late answer (the question not open) is kept but never
            // counts, and does not take the place of the answer that will.
            try db.create(table: "quizAnswer_v10") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
                t.column("quiz", .text).notNull()
                t.column("question", .text).notNull()
                t.column("choice", .text).notNull()
                t.column("correct", .boolean).notNull().defaults(to: false)
                t.column("points", .integer).notNull().defaults(to: 0)
                t.column("late", .boolean).notNull().defaults(to: false)
                t.column("channel", .text).notNull()
                t.column("answeredAt", .datetime).notNull()
            }
            try db.execute(
                sql: """
                    INSERT INTO quizAnswer_v10 (id, subscriberId, quiz, question, choice, channel, answeredAt)
                    SELECT id, subscriberId, quiz, question, choice, channel, answeredAt FROM quizAnswer
                    """
            )
            try db.drop(table: "quizAnswer")
            try db.rename(table: "quizAnswer_v10", to: "quizAnswer")
            // The first answer in time per person and question counts.
            try db.create(
                index: "quizAnswer_counted", on: "quizAnswer", columns: ["quiz", "question", "subscriberId"], unique: true,
                condition: Column("late") == false
            )
            try db.create(index: "quizAnswer_subscriber", on: "quizAnswer", columns: ["subscriberId"])
            // Results count answers by question and choice many times a second while a
            // show is on air: from this index alone, without reading the rows.
            try db.create(index: "quizAnswer_results", on: "quizAnswer", columns: ["quiz", "late", "question", "choice"])
            // A host's last command per question; without one, the quiz's times decide.
            try db.create(table: "quizQuestion") { t in
                t.column("quiz", .text).notNull()
                t.column("question", .text).notNull()
                t.column("state", .text).notNull().check { $0 == "waiting" || $0 == "open" || $0 == "closed" }
                t.column("changedAt", .text).notNull()
                t.column("changedBy", .text).notNull()
                // When its participants were told the answer and their score: once.
                t.column("announcedAt", .text)
                t.primaryKey(["quiz", "question"])
            }
        }
        migrator.registerMigration("v11: quiz hosts") { db in
            // A radio host's number, for one quiz or every quiz of a campaign: what may open,
            // close and read a quiz by SMS.
            try db.create(table: "quizHost") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("phone", .text).notNull()
                t.column("name", .text).notNull()
                // One of the two is '' (not NULL, so the unique key holds).
                t.column("quiz", .text).notNull()
                t.column("campaign", .text).notNull()
                t.column("addedAt", .text).notNull()
                t.check(sql: "(quiz = '') <> (campaign = '')")
                t.uniqueKey(["phone", "quiz", "campaign"])
            }
        }
        migrator.registerMigration("v12: quiz draws") { db in
            // A draw as published (the masked list, its SHA-256 and the seed's), the seed kept
            // secret until the winners are drawn, and who stands behind each line, which only
            // the prize's delivery reads.
            try db.create(table: "quizDraw") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("quiz", .text).notNull()
                t.column("among", .text).notNull()
                t.column("count", .integer).notNull()
                t.column("list", .text).notNull()
                t.column("subscribers", .text).notNull()
                t.column("listHash", .text).notNull()
                t.column("seed", .text).notNull()
                t.column("seedHash", .text).notNull()
                t.column("winners", .text)
                t.column("createdBy", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("revealedAt", .text)
            }
        }
        migrator.registerMigration("v13: quiz tallies and scores kept as answers arrive") { db in
            // A results page counts a quiz four times a second while a hundred thousand
            // listeners answer: from these, its cost stays that of a few rows whatever the
            // audience. Each answer adds to them in its own transaction. The tallies hold
            // counts only (a commune is the listener's as known when she answered), so
            // erasing a listener leaves them as they are.
            try db.create(table: "quizTally", options: .withoutRowID) { t in
                t.column("quiz", .text).notNull()
                t.column("question", .text).notNull()
                t.column("choice", .text).notNull()
                t.column("commune", .text).notNull()
                t.column("late", .boolean).notNull()
                t.column("answers", .integer).notNull()
                t.column("correct", .integer).notNull()
                t.primaryKey(["quiz", "question", "late", "choice", "commune"])
            }
            try db.create(table: "quizScore") { t in
                t.column("quiz", .text).notNull()
                t.belongsTo("subscriber", onDelete: .cascade).notNull()
                t.column("score", .integer).notNull()
                t.column("correct", .integer).notNull()
                // When the score was reached: the last right answer's time, or the first answer's
                // while there is none.
                t.column("reachedAt", .datetime).notNull()
                t.primaryKey(["quiz", "subscriberId"])
            }
            try db.execute(sql: "CREATE INDEX quizScore_rank ON quizScore (quiz, score DESC, reachedAt, subscriberId)")
            // Results no longer count the answers themselves.
            try db.drop(index: "quizAnswer_results")
            try db.execute(
                sql: """
                    INSERT INTO quizTally (quiz, question, choice, commune, late, answers, correct)
                    SELECT a.quiz, a.question, a.choice, IFNULL(s.commune, ''), a.late, COUNT(*), SUM(a.correct)
                    FROM quizAnswer a JOIN subscriber s ON s.id = a.subscriberId GROUP BY 1, 2, 3, 4, 5;
                    INSERT INTO quizScore (quiz, subscriberId, score, correct, reachedAt)
                    SELECT quiz, subscriberId, SUM(points), SUM(correct),
                        IFNULL(MAX(CASE WHEN points > 0 THEN answeredAt END), MIN(answeredAt))
                    FROM quizAnswer WHERE late = 0 GROUP BY 1, 2;
                    """
            )
        }
        migrator.registerMigration("v14: the officials' registry; an official's token speaks for one official") { db in
            try db.create(table: "official") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("office", .text).notNull()
                t.column("commune", .text).notNull().indexed()
                t.column("phone", .text).notNull().unique()
                // `fr|bm`: the first is the language Tama writes to them in.
                t.column("languages", .text).notNull()
                // `eau|sante`; NULL: every topic.
                t.column("topics", .text)
                t.column("createdAt", .text).notNull()
                t.column("updatedAt", .text).notNull()
                // Left office: no new question reaches them; what they answered stays theirs.
                t.column("retiredAt", .text)
            }
            try db.alter(table: "apiToken") { t in
                t.add(column: "officialId", .integer).references("official")
            }
        }
        migrator.registerMigration("v15: questions routed to officials, answered, rated and moderated") { db in
            // status: awaiting_commune (an SMS question until the citizen names it), held
            // (waiting for a campaign team's approval), routed, answered, hidden.
            try db.alter(table: "citizenQuestion") { t in
                t.add(column: "language", .text)
                t.add(column: "routedAt", .text)
                t.add(column: "remindedAt", .text)
                t.add(column: "escalatedAt", .text)
                t.add(column: "hiddenReason", .text)
                t.add(column: "decidedBy", .text)
                t.add(column: "public", .boolean).notNull().defaults(to: false)
                t.add(column: "answeredOnAirAt", .text)
            }
            // Questions asked before went to no one: a campaign team decides where they go.
            try db.execute(sql: "UPDATE citizenQuestion SET status = 'held' WHERE status = 'new'")
            try db.create(index: "citizenQuestion_status", on: "citizenQuestion", columns: ["status", "askedAt"])
            try db.create(table: "questionRecipient") { t in
                t.belongsTo("question", inTable: "citizenQuestion", onDelete: .cascade).notNull()
                t.belongsTo("official").notNull()
                t.column("notifiedAt", .text).notNull()
                t.primaryKey(["questionId", "officialId"])
            }
            try db.create(table: "questionAnswer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("question", inTable: "citizenQuestion", onDelete: .cascade).notNull()
                // NULL: answered on air, not by an official's phone or inbox.
                t.belongsTo("official")
                t.column("text", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("answeredAt", .text).notNull()
            }
            try db.create(table: "questionRating") { t in
                t.primaryKey("questionId", .integer).references("citizenQuestion", onDelete: .cascade)
                t.column("rating", .text).notNull()
                t.column("ratedAt", .text).notNull()
            }
            try db.create(table: "communeSetting") { t in
                t.primaryKey("commune", .text)
                t.column("holdQuestions", .boolean).notNull()
                t.column("updatedBy", .text).notNull()
                t.column("updatedAt", .text).notNull()
            }
        }
        migrator.registerMigration("v16: a table the health check writes to when the disk was full") { db in
            try db.create(table: "writeProbe") { t in
                t.primaryKey("id", .integer)
                t.column("padding", .blob).notNull()
            }
        }
        migrator.registerMigration("v17: inbound SMS accepted first and responded to behind the webhook") { db in
            // Only the responder's backlog: a handled message leaves the index.
            try db.create(index: "inboundMessage_accepted", on: "inboundMessage", columns: ["id"], condition: Column("status") == "accepted")
        }
        migrator.registerMigration("v18: one index on a quiz answer's subscriber, not two") { db in
            // v10's `belongsTo` made one and v10 made `quizAnswer_subscriber` too: every
            // answer, at a radio peak, was written into both.
            try db.drop(index: "quizAnswer_v10_on_subscriberId")
        }
        migrator.registerMigration("v19: a USSD session's variables as lengths and texts, not JSON") { db in
            // Sessions live minutes; the ones open across the upgrade keep what they hold.
            for row in try Row.fetchAll(db, sql: "SELECT id, variables FROM ussdSession WHERE variables IS NOT NULL") {
                let variables = try JSONDecoder().decode([String: String].self, from: Data((row[1] as String).utf8))
                try db.execute(sql: "UPDATE ussdSession SET variables = ? WHERE id = ?", arguments: [StoredSession.text(of: variables), row[0]])
            }
        }
        migrator.registerMigration("v20: fewer indexes to write with each hop and subscription") { db in
            // Every hop moves its session's `updatedAt`, and each index on it is written
            // twice (the old entry out, the new one in). One index serves both the
            // janitor (oldest first) and the count of open sessions (recent ones, read
            // from the index alone).
            try db.drop(index: "ussdSession_open")
            try db.drop(index: "ussdSession_updatedAt")
            try db.create(index: "ussdSession_updatedAt", on: "ussdSession", columns: ["updatedAt", "ended"])
            // `belongsTo` made each of these, and a unique key of the same table already
            // begins with its column.
            for index in ["subscription_on_subscriberId", "subscriberTag_on_subscriberId", "broadcastVariant_on_broadcastId", "questionRecipient_on_questionId"] {
                try db.drop(index: index)
            }
        }
        return migrator
    }

    /// The queue's indexes, made again with the table in v6. Broadcast rows have their own
    /// index, ordered for claiming, and stay out of the one replies are claimed by: a
    /// million-row fan-out then writes one index entry per row, not two.
    private static func createOutboundIndexes(in db: Database) throws {
        try db.create(
            index: "outboundMessage_due", on: "outboundMessage", columns: ["route", "priority", "nextAttemptAt"],
            condition: Column("status") == "queued" && Column("broadcastId") == nil
        )
        try db.create(
            index: "outboundMessage_broadcast", on: "outboundMessage", columns: ["broadcastId", "status", "nextAttemptAt"],
            condition: Column("broadcastId") != nil
        )
        // Partial, so the rows a broadcast enqueues by the hundred thousand touch none of these.
        try db.create(index: "outboundMessage_leased", on: "outboundMessage", columns: ["leaseUntil"], condition: Column("status") == "sending")
        try db.create(
            index: "outboundMessage_aggregatorId", on: "outboundMessage", columns: ["route", "aggregatorMessageId"],
            condition: Column("aggregatorMessageId") != nil
        )
        try db.create(
            index: "outboundMessage_broadcastsSent", on: "outboundMessage", columns: ["recipient", "sentAt"],
            condition: Column("kind") == "broadcast" && Column("sentAt") != nil
        )
    }

    /// `column = a OR column = b …`: the form of a CHECK SQLite evaluates without building
    /// anything per row.
    private static func oneOf(_ column: Column, _ values: [String]) -> SQLExpression {
        values.map { column == $0 }.joined(operator: .or)
    }
}
