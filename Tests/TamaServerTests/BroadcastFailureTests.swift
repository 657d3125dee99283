import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaDispatch
@testable import TamaServer
@testable import TamaStore

/// A broadcast whose fan-out cannot go on must fail visibly and let the others go.
@Suite struct BroadcastFailureTests {
    private func broadcast(_ name: String, texts: [String: String]) -> String {
        let encoded = String(decoding: try! JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        return #"{"name": "\#(name)", "campaign": "engageons-nous", "texts": \#(encoded), "fallback": "fr", "scheduledAt": "2030-01-05 10:00"}"#
    }

    @Test func aFrenchOnlyBroadcastFansOutAndABrokenOneFailsWithoutHoldingTheNext() async throws {
        let database = try AppDatabase.inMemory()
        let rows = (0..<20).map { n in
            SubscriberRow(phone: PhoneNumber("+2237700\(String(format: "%04d", n))")!, language: n % 2 == 0 ? "bm" : "fr", source: "test")
        }
        try await database.importSubscribers(rows, campaign: "engageons-nous", at: Date())
        let campaign = try await apiHeaders(database, .campaign)
        // Broadcast 1's rows cannot be written, as the fallback-only CASE once could not.
        try await database.writer.write { db in
            try db.execute(sql: """
                CREATE TRIGGER breakBroadcast1 BEFORE INSERT ON outboundMessage WHEN NEW.broadcastId = 1
                BEGIN SELECT RAISE(ABORT, 'cannot queue this broadcast'); END
                """)
        }
        let app = makeApplication(database: database, configuration: sendingConfiguration())
        try await app.test(.router) { client in
            for body in [broadcast("Broken", texts: ["fr": "x"]), broadcast("French only", texts: ["fr": "Réunion samedi"])] {
                try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: campaign, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .created)
                }
            }
        }
        // Their time comes: the fan-out runs.
        try await BroadcastFanout(database: database, logger: quietLogger, ttl: 3_600, clock: VirtualNow(bamakoTime("2030-01-05 10:00")).clock).pass()

        let broken = try #require(try await database.broadcast(id: 1))
        #expect(broken.status == .failed && broken.failure == "SQLite error 19: cannot queue this broadcast")
        let french = try #require(try await database.broadcast(id: 2))
        #expect(french.status == .sending && french.queued == 20)
        let claimed = try await database.claimDue(
            route: "africastalking", limit: 50, now: bamakoTime("2030-01-05 10:00"), lease: 60, quietHours: false, dayStart: bamakoTime("2030-01-05 00:00")
        )
        #expect(claimed.count == 20 && claimed.allSatisfy { $0.text == "Réunion samedi" })
        #expect(try await database.auditLog(limit: 5).first?.action == "broadcast.fail")

        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/broadcasts/1", method: .get, headers: campaign) { response in
                let shown = try jsonObject(response)["broadcast"] as? [String: Any] ?? [:]
                #expect(shown["status"] as? String == "failed")
                #expect(shown["failure"] as? String == "SQLite error 19: cannot queue this broadcast")
            }
            try await client.execute(uri: "/api/v1/broadcasts/1/resume", method: .post, headers: campaign) { response in
                #expect(response.status == .conflict)
            }
        }
    }
}
