import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

/// A route whose aggregator is down shows in `/metrics` and on the console as a backlog
/// and the age of its oldest message, with the last failure's reason.
@Suite struct BacklogTests {
    @Test func metricsAndTheConsoleShowWhatWaitsAndSinceWhen() async throws {
        let database = try AppDatabase.inMemory()
        let clock = ManualClock()
        let queuedAt = clock.now
        try await database.enqueue(
            (1...3).map { OutgoingSMS(recipient: PhoneNumber("+2237600000\($0)")!, text: "Merci", route: "africastalking", kind: .reply, expiresAt: queuedAt + 86_400) },
            at: queuedAt
        )
        let claimed = try await database.claimDue(route: "africastalking", limit: 1, now: queuedAt, lease: 60, quietHours: false, dayStart: queuedAt)
        try await database.record(claimed.map { DispatchResult($0, .routeDown(until: queuedAt + 300, reason: "connection refused")) }, at: queuedAt)
        clock.advance(hours: 2)
        let campaign = try await apiToken(database, .campaign)
        try await makeApplication(database: database, now: { clock.now }).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"tama_queue_waiting{route="africastalking"} 3"#))
                #expect(text.contains(#"tama_queue_oldest_seconds{route="africastalking"} 7200"#))
            }
            let browser = try await Browser.signIn(client, token: campaign)
            for page in ["/console", "/console/broadcasts"] {
                try await client.execute(uri: page, method: .get, headers: browser.headers) { response in
                    let html = String(buffer: response.body)
                    #expect(html.contains("Envois en attente"))
                    #expect(html.contains(#"<td>africastalking</td><td class="n">3</td><td><span class="status status-waiting">2 h 00</span><br><span class="note">dernier échec : connection refused</span>"#))
                }
            }
            // Sent: the backlog is gone, from the metrics and the page.
            let all = try await database.claimDue(route: "africastalking", limit: 10, now: clock.now, lease: 60, quietHours: false, dayStart: clock.now)
            try await database.record(all.map { DispatchResult($0, .sent(aggregatorMessageId: nil)) }, at: clock.now)
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"tama_queue_waiting{route="africastalking"} 0"#))
            }
            try await client.execute(uri: "/console/broadcasts", method: .get, headers: browser.headers) { response in
                #expect(!String(buffer: response.body).contains("Envois en attente"))
            }
        }
    }

    @Test func waitsReadAsPeopleSayThem() {
        #expect([45, 720, 7_200, 11_100, 187_200].map(BacklogRow.duration) == ["45 s", "12 min", "2 h 00", "3 h 05", "2 j 4 h"])
    }
}
