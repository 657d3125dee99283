import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaDispatch
@testable import TamaServer
@testable import TamaStore

private let body = """
    {"name": "Réunion publique", "campaign": "engageons-nous",
     "audience": {"communes": ["Kayes"], "campaign": "engageons-nous"},
     "texts": {"fr": "Réunion publique samedi 10h à la mairie.", "bm": "Ɲɔgɔnye sibiridon 10h meriso la."},
     "fallback": "fr", "scheduledAt": "2030-01-05 10:00"}
    """

@Suite struct BroadcastRouteTests {
    @Test func aCampaignTeamPreviewsSchedulesWatchesAndCancels() async throws {
        let database = try AppDatabase.inMemory()
        let rows = (0..<40).map { n in
            SubscriberRow(
                phone: PhoneNumber("+2237700\(String(format: "%04d", n))")!, language: n % 2 == 0 ? "bm" : "fr",
                commune: n < 30 ? "Kayes" : "Diéma", source: "test"
            )
        }
        try await database.importSubscribers(rows, campaign: "engageons-nous", at: Date())
        let campaign = try await apiHeaders(database, .campaign)
        let host = try await apiHeaders(database, .host)
        let configuration = sendingConfiguration()
        try await makeApplication(database: database, configuration: configuration).test(.router) { client in
            try await client.execute(uri: "/api/v1/broadcasts/preview", method: .post, headers: campaign, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let answer = try jsonObject(response)
                let preview = answer["preview"] as? [String: Any] ?? [:]
                #expect(preview["recipients"] as? Int == 30)
                #expect(preview["parts"] as? Int == 30)
                #expect(preview["cost"] as? Int == 750)
                #expect((answer["problems"] as? [String])?.isEmpty == true)
                let variants = preview["variants"] as? [[String: Any]] ?? []
                #expect(variants.map { "\($0["language"]!) \($0["recipients"]!) \($0["encoding"]!)" } == ["bm 15 ucs2", "fr 15 gsm7"])
            }
            try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: host, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
            }
            let empty = body.replacingOccurrences(of: "\"Kayes\"", with: "\"Tombouctou\"")
            try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: campaign, body: ByteBuffer(string: empty)) { response in
                #expect(response.status == .unprocessableContent)
                let answer = try jsonObject(response)
                #expect(answer["problems"] as? [String] == ["the audience is empty: no subscriber matches the filter"])
            }
            let past = body.replacingOccurrences(of: "2030-01-05", with: "2020-01-05")
            try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: campaign, body: ByteBuffer(string: past)) { response in
                let answer = try jsonObject(response)
                #expect(answer["problems"] as? [String] == ["the scheduled time is in the past"])
            }
            try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: campaign, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
            }
        }
        // Its time comes: the fan-out queues it.
        let later = VirtualNow(bamakoTime("2030-01-05 10:00"))
        try await BroadcastFanout(database: database, logger: quietLogger, ttl: 3_600, clock: later.clock).pass()
        try await makeApplication(database: database, configuration: configuration).test(.router) { client in
            try await client.execute(uri: "/api/v1/broadcasts/1", method: .get, headers: host) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/broadcasts/1/pause", method: .post, headers: campaign) { response in
                let answer = try jsonObject(response)
                #expect((answer["broadcast"] as? [String: Any])?["status"] as? String == "paused")
                #expect((answer["progress"] as? [String: Any])?["queued"] as? Int == 30)
            }
            try await client.execute(uri: "/api/v1/broadcasts/1/cancel", method: .post, headers: campaign) { response in
                let answer = try jsonObject(response)
                #expect((answer["progress"] as? [String: Any])?["cancelled"] as? Int == 30)
            }
            try await client.execute(uri: "/api/v1/broadcasts/1/resume", method: .post, headers: campaign) { response in
                #expect(response.status == .conflict)
                let answer = try jsonObject(response)
                #expect(answer["reason"] as? String == "broadcast 1 is cancelled; it cannot be resumed")
            }
            try await client.execute(uri: "/api/v1/broadcasts/1/report.csv", method: .get, headers: campaign) { response in
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 31)
                #expect(lines.first == "phone,status,error,parts,sent_at,delivered_at")
                #expect(lines.dropFirst().allSatisfy { $0.contains(",cancelled,broadcast cancelled,1,") })
            }
        }
        let audit = try await database.auditLog(limit: 10).map(\.action)
        #expect(audit.prefix(3) == ["broadcast.cancel", "broadcast.pause", "broadcast.create"])
    }
}

@Suite struct BroadcastTimeZoneTests {
    /// The menu serving the campaign sets its zone; the daemon's default (Bamako, UTC+0)
    /// would read the same text an hour later.
    @Test func aLocalTimeIsReadInTheCampaignsTimeZone() async throws {
        let database = try AppDatabase.inMemory()
        try await database.importSubscribers(
            [SubscriberRow(phone: PhoneNumber("+22377000001")!, language: "fr", commune: "Kayes", source: "test")], campaign: "engageons-nous", at: Date()
        )
        var menu = shippedCatalog.menus[0]
        menu.timeZone = TimeZone(identifier: "Africa/Lagos")
        let app = buildApplication(
            configuration: sendingConfiguration(), database: database, catalog: MenuCatalog([menu]), logger: quietLogger
        )
        let campaign = try await apiHeaders(database, .campaign)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: campaign, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
            }
        }
        let scheduled = try await database.broadcasts().first?.scheduledAt
        #expect(scheduled == bamakoTime("2030-01-05 09:00"))
    }
}

/// A fixed time as a dispatch clock.
struct VirtualNow {
    let time: Date
    init(_ time: Date) { self.time = time }
    var clock: DispatchClock {
        let time = self.time
        return DispatchClock(now: { time }, sleep: { _ in })
    }
}
