import Foundation
import GRDB
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

private let phone = PhoneNumber("+22376000001")!
private let start = Date(timeIntervalSince1970: 1_800_000_000)

private func hop(_ session: String, text: String = "", phone: PhoneNumber = phone) -> USSDHop {
    USSDHop(aggregator: "africastalking", sessionID: session, serviceCode: "*384*77#", phone: phone, network: "61002", text: text)
}

/// A step that moves to `screen` with `effects`, as an engine would return it.
private func step(_ context: HopContext, screen: String = "home", effects: [Effect] = [], ends: Bool = false) -> Step {
    let session = Session(
        service: "engageons-nous", language: context.knownLanguage ?? "fr", screen: screen, lastText: context.text,
        reply: Reply(text: "screen \(screen)", ends: ends), updatedAt: context.now
    )
    return Step(kind: .advanced, session: session, effects: effects)
}

@Suite struct AppDatabaseTests {
    @Test func aHopStoresItsSessionAndHandsItBackNextTime() async throws {
        let database = try AppDatabase.inMemory()
        let first = try await database.applyHop(hop("S1"), at: start) { stored, context in
            #expect(stored == nil)
            return step(context, screen: "quiz")
        }
        try await database.applyHop(hop("S1", text: "1"), at: start + 5) { stored, context in
            #expect(stored == first.session)
            #expect(context.text == "1")
            return step(context, screen: "done", ends: true)
        }
        let session = try await database.reader.read { try USSDSessionRecord.fetchOne($0) }
        #expect(session?.hops == 2)
        #expect(session?.ended == true)
        #expect(session?.phone == "+22376000001")
        #expect(session?.network == "61002")
    }

    @Test func aRepeatedHopWritesNothing() async throws {
        let database = try AppDatabase.inMemory()
        try await database.applyHop(hop("S1"), at: start) { _, context in step(context) }
        try await database.applyHop(hop("S1"), at: start + 1) { stored, _ in
            Step(kind: .repeated, session: stored!, effects: [.subscribe(campaign: "c")])
        }
        let (hops, subscriptions) = try await database.reader.read { db in
            (try USSDSessionRecord.fetchOne(db)!.hops, try Subscription.fetchCount(db))
        }
        #expect(hops == 1)
        #expect(subscriptions == 0)
    }

    @Test func effectsLandWithTheSession() async throws {
        let database = try AppDatabase.inMemory()
        try await database.applyHop(hop("S1"), at: start) { _, context in
            #expect(context.knownLanguage == nil)
            #expect(context.nextQuestionNumber == 1)
            return step(
                context,
                effects: [
                    .setLanguage("bm"), .subscribe(campaign: "engageons-nous"),
                    .answerQuiz(QuizAnswer(quiz: "civisme", question: "q1", choice: "B", correct: false, points: 0, late: false)),
                    .askQuestion(CitizenQuestion(number: context.nextQuestionNumber, commune: "kayes", topic: "eau", text: "Le forage?", anonymous: true, language: "fr", notice: QuestionNotice(text: Localized([:]), commune: "kayes", topic: Localized([:])))),
                ]
            )
        }
        try await database.applyHop(hop("S2"), at: start + 60) { _, context in
            #expect(context.knownLanguage == "bm")
            #expect(context.nextQuestionNumber == 2)
            return step(
                context,
                effects: [
                    .answerQuiz(QuizAnswer(quiz: "civisme", question: "q1", choice: "C", correct: false, points: 0, late: false)), .unsubscribe(campaign: "engageons-nous"),
                ]
            )
        }
        try await database.reader.read { db in
            let subscriber = try #require(try Subscriber.fetchOne(db))
            #expect(subscriber.phone == "+22376000001")
            #expect(subscriber.language == "bm")
            let answers = try QuizAnswer.fetchAll(db)
            #expect(answers.map(\.choice) == ["B"], "the first answer counts")
            #expect(answers.first?.channel == "ussd")
            let subscription = try #require(try Subscription.fetchOne(db))
            #expect(subscription.status == "unsubscribed")
            #expect(subscription.unsubscribedAt == start + 60)
            let question = try #require(try CitizenQuestionRecord.fetchOne(db))
            #expect(question.id == 1)
            #expect(question.commune == "kayes")
            #expect(question.anonymous && question.signedBy == nil)
            let asker = try Int64.fetchOne(db, sql: "SELECT subscriberId FROM questionAsker WHERE questionId = 1")
            #expect(asker == subscriber.id, "who asked is kept apart, for the answer's way back")
        }
        try await database.applyHop(hop("S3"), at: start + 120) { _, context in
            step(context, effects: [.subscribe(campaign: "engageons-nous")])
        }
        let subscription = try await database.reader.read { try Subscription.fetchOne($0) }
        #expect(subscription?.status == "active")
        #expect(subscription?.subscribedAt == start + 120)
        #expect(subscription?.unsubscribedAt == nil)
    }

    @Test func aFailingHopRollsBackAloneAndOthersCommit() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        let failed = try await withThrowingTaskGroup(of: Int?.self) { group in
            for index in 0..<100 {
                group.addTask {
                    do {
                        try await database.applyHop(hop("S\(index)", phone: PhoneNumber("+2237600\(1000 + index)")!), at: start) { _, context in
                            var effects: [Effect] = [.subscribe(campaign: "c")]
                            if index == 42 {
                                // The same question number twice violates the primary key.
                                let question = CitizenQuestion(number: 9_999, commune: "k", topic: "t", text: "x", anonymous: true, language: "fr", notice: QuestionNotice(text: Localized([:]), commune: "k", topic: Localized([:])))
                                effects += [.askQuestion(question), .askQuestion(question)]
                            }
                            return step(context, effects: effects)
                        }
                        return nil
                    } catch {
                        return index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { if let index = $1 { $0.append(index) } }
        }
        #expect(failed == [42])
        let reopened = try file.open()
        let (sessions, subscriptions, questions) = try await reopened.reader.read { db in
            (try USSDSessionRecord.fetchCount(db), try Subscription.fetchCount(db), try CitizenQuestionRecord.fetchCount(db))
        }
        #expect(sessions == 99)
        #expect(subscriptions == 99)
        #expect(questions == 0)
    }

    @Test func concurrentHopsAreCommittedBeforeTheyReturn() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        let observer = try file.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<500 {
                group.addTask {
                    let session = "S\(index)"
                    try await database.applyHop(hop(session, phone: PhoneNumber("+2237610\(1000 + index)")!), at: start) { _, context in
                        step(context, effects: [.answerQuiz(QuizAnswer(quiz: "q", question: "q1", choice: "A", correct: false, points: 0, late: false))])
                    }
                    // Another connection must already see it: the reply may go out now.
                    let visible = try await observer.reader.read { db in
                        try USSDSessionRecord.filter(Column("externalId") == session).fetchCount(db)
                    }
                    #expect(visible == 1)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await observer.reader.read { try QuizAnswer.fetchCount($0) } == 500)
    }

    @Test func racingRetriesOfOneHopAdvanceTheSessionOnce() async throws {
        let database = try TemporaryDatabase().open()
        try await database.applyHop(hop("S1"), at: start) { _, context in step(context) }
        let steps = try await withThrowingTaskGroup(of: Step.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await database.applyHop(hop("S1", text: "1"), at: start + 1) { stored, context in
                        guard stored?.lastText != context.text else { return Step(kind: .repeated, session: stored!, effects: []) }
                        return step(context, screen: "quiz", effects: [.subscribe(campaign: "c")])
                    }
                }
            }
            return try await group.reduce(into: [Step]()) { $0.append($1) }
        }
        #expect(steps.filter { $0.kind == .advanced }.count == 1)
        #expect(steps.allSatisfy { $0.reply == Reply(text: "screen quiz", ends: false) })
        let (hops, subscriptions) = try await database.reader.read { db in
            (try USSDSessionRecord.fetchOne(db)!.hops, try Subscription.fetchCount(db))
        }
        #expect(hops == 2)
        #expect(subscriptions == 1)
    }

    @Test func concurrentQuestionsGetDistinctNumbersThatMatchTheirScreens() async throws {
        let database = try TemporaryDatabase().open()
        let steps = try await withThrowingTaskGroup(of: Step.self) { group in
            for index in 0..<60 {
                group.addTask {
                    try await database.applyHop(hop("Q\(index)", phone: PhoneNumber("+2237620\(1000 + index)")!), at: start) { _, context in
                        let number = context.nextQuestionNumber
                        var result = step(
                            context, screen: "asked",
                            effects: [.askQuestion(CitizenQuestion(
                                    number: number, commune: "kayes", topic: "eau", text: "Q\(index)", anonymous: true, language: "fr",
                                    notice: QuestionNotice(text: Localized([:]), commune: "kayes", topic: Localized([:]))
                                ))]
                        )
                        result.session.reply.text = "n° \(number)"
                        return result
                    }
                }
            }
            return try await group.reduce(into: [Step]()) { $0.append($1) }
        }
        let questions = try await database.reader.read { try CitizenQuestionRecord.fetchAll($0) }
        #expect(questions.count == 60)
        #expect(Set(questions.map(\.id)) == Set(1...60))
        for result in steps {
            guard case .askQuestion(let question) = result.effects.first else { continue }
            #expect(result.reply.text == "n° \(question.number)")
            #expect(questions.first { $0.id == Int64(question.number) }?.text == question.text)
        }
    }

    @Test func openSessionsAndPruning() async throws {
        let database = try AppDatabase.inMemory()
        try await database.applyHop(hop("old"), at: start) { _, context in step(context) }
        try await database.applyHop(hop("ended"), at: start + 500) { _, context in step(context, ends: true) }
        try await database.applyHop(hop("open"), at: start + 500) { _, context in step(context) }
        #expect(try await database.openSessionCount(since: start + 320) == 1)
        #expect(try await database.pruneSessions(before: start + 100, limit: 10) == 1)
        #expect(try await database.reader.read { try USSDSessionRecord.fetchCount($0) } == 2)
    }

    @Test func pruningDeletesAFewSessionsPerTransaction() async throws {
        let database = try AppDatabase.inMemory()
        for n in 0..<25 { try await database.applyHop(hop("old-\(n)"), at: start) { _, context in step(context) } }
        #expect(try await database.pruneSessions(before: start + 100, limit: 10) == 10)
        #expect(try await database.pruneSessions(before: start + 100, limit: 10) == 10)
        #expect(try await database.pruneSessions(before: start + 100, limit: 10) == 5)
        #expect(try await database.reader.read { try USSDSessionRecord.fetchCount($0) } == 0)
    }

    @Test func aDatabaseFileIsInWALMode() async throws {
        let database = try TemporaryDatabase().open()
        let mode = try await database.reader.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}

@Suite struct DatabaseTimestampTests {
    @Test func timestampsMatchGRDBsOwnFormatAndReadBackExactly() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        var generator = SystemRandomNumberGenerator()
        let queue = try DatabaseQueue()
        for _ in 0..<2_000 {
            // From 1901 to 2099, to whole milliseconds.
            let milliseconds = Int64.random(in: -2_177_452_800_000...4_102_444_800_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = DatabaseTimestamp.text(date)
            #expect(text == formatter.string(from: date))
            let read = try queue.read { try Date.fetchOne($0, sql: "SELECT ?", arguments: [text]) }
            #expect(read.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == milliseconds)
        }
        #expect(DatabaseTimestamp.text(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29 00:00:00.500")
    }
}
