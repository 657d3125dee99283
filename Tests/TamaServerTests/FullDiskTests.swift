import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaAggregators
import TamaTestSupport
import Testing

@testable import TamaServer
@testable import TamaStore

/// A disk that fills up, simulated with `PRAGMA max_page_count` on the writer's
/// connection (the file may not grow by one page): webhooks answer 503 so aggregators send
/// them again, USSD gets the apology, `/health` says why, nothing acknowledged is lost, and
/// everything works again by itself once there is room.
@Suite struct FullDiskTests {
    static func limitPages(_ database: AppDatabase, to pages: Int?) async throws {
        try await database.writer.writeWithoutTransaction { db in
            let limit = try pages ?? Int.fetchOne(db, sql: "SELECT 1073741823")!
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(limit)")
        }
    }

    static func post(_ client: some TestClientProtocol, id: String) async throws -> (HTTPResponse.Status, String, String?) {
        // Long texts fill pages quickly; every one is kept whole or refused whole.
        let body = FormEncoding.encode([("from", "+22376000001"), ("to", "384"), ("text", "Q " + String(repeating: "Le forage est en panne. ", count: 20)), ("id", id)])
        return try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { response in
            (response.status, String(buffer: response.body), response.headers[.retryAfter])
        }
    }

    @Test func webhooksAnswer503AndNothingAcceptedIsLostUntilRoomComesBack() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        try await makeApplication(database: database).test(.router) { client in
            let pages = try await database.reader.read { try Int.fetchOne($0, sql: "PRAGMA page_count")! }
            try await Self.limitPages(database, to: pages + 2)
            var accepted: [String] = []
            var refused: (id: String, body: String, retryAfter: String?)?
            for n in 0..<500 {
                let (status, body, retryAfter) = try await Self.post(client, id: "full-\(n)")
                if status == .ok {
                    accepted.append("full-\(n)")
                } else {
                    #expect(status == .serviceUnavailable)
                    refused = ("full-\(n)", body, retryAfter)
                    break
                }
            }
            let full = try #require(refused, "the disk never filled")
            #expect(!accepted.isEmpty)
            #expect(full.body.contains("database or disk is full") && full.body.contains("send it again later"))
            #expect(full.retryAfter == "30")

            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("the database cannot write since"))
                #expect(String(buffer: response.body).contains("database or disk is full"))
            }
            // Callers keep dialling; once their sessions no longer fit, each gets the apology,
            // not an HTTP error the operator would drop silently.
            var screen = ""
            for n in 0..<500 where !screen.hasPrefix("END") {
                screen = try await client.hop(session: "ATUid_full_\(n)", phone: "+2237601\(String(format: "%04d", n))", text: "")
            }
            #expect(screen.hasPrefix("END ") && screen.contains("Réessayez dans quelques minutes"))

            // Room again: the same webhook, sent again, is taken; health turns green by itself.
            try await Self.limitPages(database, to: nil)
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
            let (status, _, _) = try await Self.post(client, id: full.id)
            #expect(status == .ok)
            let welcome = try await client.hop(session: "ATUid_room", phone: "+22376000009", text: "")
            #expect(welcome.hasPrefix("CON "))

            let stored = try await database.reader.read { db in
                try String.fetchAll(db, sql: "SELECT externalId FROM inboundMessage ORDER BY id")
            }
            #expect(stored == accepted + [full.id], "every message answered 200 is there, once, and the refused one now too")
            // The responder could not write either; with room again, it answers every one.
            try await answered(database)
            #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage WHERE status = 'handled'") == accepted.count + 1)
            #expect(try await count(database, "SELECT COUNT(*) FROM citizenQuestion") == accepted.count + 1)
        }
    }
}
