import Foundation
import GRDB
import TamaTestSupport
import Synchronization
import Testing

@testable import TamaCore
@testable import TamaStore

private let start = Date(timeIntervalSince1970: 1_800_000_000)

/// What a hop's engine is told, by a hop that changes nothing.
private func context(_ database: AppDatabase) async throws -> HopContext {
    let told = Mutex<HopContext?>(nil)
    let hop = USSDHop(
        aggregator: "africastalking", sessionID: UUID().uuidString, serviceCode: "*384*77#", phone: PhoneNumber("+22376000001")!,
        network: nil, text: ""
    )
    try await database.applyHop(hop, at: start) { _, context in
        told.withLock { $0 = context }
        let session = Session(service: "s", language: "fr", screen: "home", lastText: "", reply: Reply(text: "", ends: false), updatedAt: start)
        return Step(kind: .repeated, session: session, effects: [])
    }
    return try #require(told.withLock { $0 })
}

/// A citizen question numbered `id`, as any writer stores one.
private func insertQuestion(_ id: Int, in db: Database) throws {
    try db.execute(
        sql: """
            INSERT INTO citizenQuestion (id, commune, topic, text, anonymous, channel, askedAt) VALUES (?, 'kayes', '', 'x', 1, 'sms', '')
            """,
        arguments: [id]
    )
}

@Suite struct WriterCacheTests {
    /// Every hop and message is told the quiz's states and the next question number from
    /// the writer's cache. A host who opens a question from a shell writes from another
    /// process: the next hop must see it, although this process wrote nothing.
    @Test func anotherProcessesCommandReachesTheNextHop() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tama-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tama.sqlite").path
        let daemon = try AppDatabase.open(path: path)
        let shell = try AppDatabase.open(path: path)

        #expect(try await context(daemon).quizStates.states.isEmpty)
        try await shell.setState(.open, of: "q1", in: "civisme-2026", actor: "shell", role: nil, at: start)
        #expect(try await context(daemon).quizStates["civisme-2026", "q1"] == .open)

        #expect(try await context(daemon).nextQuestionNumber == 1)
        try await shell.write { db in try insertQuestion(7, in: db) }
        #expect(try await context(daemon).nextQuestionNumber == 8)
    }

    /// A change undone by a rollback must not stay in the cache: the question a
    /// failed transaction opened is closed for the next hop.
    @Test func aRolledBackChangeIsForgotten() async throws {
        let database = try AppDatabase.inMemory()
        struct Undo: Error {}
        await #expect(throws: Undo.self) {
            try await database.write { db in
                try AppDatabase.setState(.open, of: "q1", in: "civisme-2026", announcing: nil, route: nil, actor: "t", role: nil, at: "", in: db)
                #expect(try database.cache.quizStates(in: db)["civisme-2026", "q1"] == .open)
                throw Undo()
            }
        }
        #expect(try await context(database).quizStates["civisme-2026", "q1"] == nil)
    }

    /// In one transaction, a change is seen by what follows it: a question asked in a
    /// group commit's batch moves the number the next caller in that batch is shown.
    @Test func aChangeInTheTransactionIsSeenAfterIt() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { db in
            #expect(try database.cache.nextQuestionNumber(in: db) == 1)
            try insertQuestion(1, in: db)
            #expect(try database.cache.nextQuestionNumber(in: db) == 2)
            #expect(try database.cache.quizStates(in: db).states.isEmpty)
            try AppDatabase.setState(.closed, of: "q2", in: "civisme-2026", announcing: nil, route: nil, actor: "t", role: nil, at: "", in: db)
            #expect(try database.cache.quizStates(in: db)["civisme-2026", "q2"] == .closed)
            // The same question again: SQLite updates its row rather than inserting one.
            try AppDatabase.setState(.open, of: "q2", in: "civisme-2026", announcing: nil, route: nil, actor: "t", role: nil, at: "", in: db)
            #expect(try database.cache.quizStates(in: db)["civisme-2026", "q2"] == .open)
        }
    }
}
