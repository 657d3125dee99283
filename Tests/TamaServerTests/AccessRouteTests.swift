import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

private func bearer(_ token: String) -> HTTPFields {
    [.authorization: "Bearer \(token)", .contentType: "application/json"]
}

@Suite struct AccessRouteTests {
    @Test func withoutAValidTokenTheAPIAnswers401WithAReason() async throws {
        let database = try AppDatabase.inMemory()
        let revoked = try await apiToken(database, .admin, label: "old laptop")
        _ = try await database.revokeToken(id: 1, actor: "cli", at: Date())
        try await makeApplication(database: database).test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Basic YTpi"], bearer("tama_guess"), bearer(revoked)] {
                try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    let body = try jsonObject(response)
                    #expect(body["reason"] as? String != nil)
                }
            }
        }
    }

    @Test func eachRoleDoesOnlyItsPart() async throws {
        let database = try AppDatabase.inMemory()
        let host = try await apiToken(database, .host, label: "Radio Rurale Kayes")
        let admin = try await apiToken(database, .admin, label: "Équipe technique")
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(host)) { response in
                #expect(response.status == .ok)
                let me = try jsonObject(response)
                #expect(me["role"] as? String == "host" && me["label"] as? String == "Radio Rurale Kayes")
                #expect(me["permissions"] as? [String] == ["read quiz results", "open and close quiz questions", "mark a question answered on air"])
            }
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: bearer(host)) { response in
                #expect(response.status == .forbidden)
                let body = try jsonObject(response)
                #expect(body["reason"] as? String == "a host token cannot manage tokens")
            }
            // The admin makes a campaign token; it works at once, then is revoked.
            var created = ""
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(admin), body: ByteBuffer(string: #"{"label": "Campagne Kayes", "role": "campaign"}"#)
            ) { response in
                #expect(response.status == .created)
                created = try jsonObject(response)["token"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(created)) { response in
                let body = try jsonObject(response)
                #expect(body["role"] as? String == "campaign")
            }
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(admin), body: ByteBuffer(string: #"{"label": "x", "role": "mayor"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let body = try jsonObject(response)
                #expect(body["reason"] as? String == "role 'mayor' is not one of admin, campaign, host, official")
            }
            try await client.execute(uri: "/api/v1/tokens/3", method: .delete, headers: bearer(admin)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(created)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: bearer(admin)) { response in
                let lines = try jsonObject(response)["lines"] as? [[String: Any]] ?? []
                #expect(lines.map { $0["action"] as? String } == ["token.revoke", "token.create", "token.create", "token.create"])
                #expect(lines.first?["actor"] as? String == "token 2 (Équipe technique)")
            }
        }
        // Only hashes are stored.
        let stored = try await database.reader.read { try String.fetchAll($0, sql: "SELECT hash FROM apiToken") }
        #expect(!stored.contains(host) && stored.contains(TokenSecret.hash(host)))
    }

    @Test func rolesAllowWhatTheirPeopleDo() {
        #expect(Role.host.allows(.readQuizResults) && !Role.host.allows(.manageBroadcasts))
        #expect(Role.campaign.allows(.manageBroadcasts) && !Role.campaign.allows(.manageTokens) && Role.campaign.allows(.moderateQuestions) && !Role.campaign.allows(.answerQuestions))
        #expect(Role.official.allows(.answerQuestions) && !Role.official.allows(.readSubscribers))
        #expect(Permission.allCases.allSatisfy(Role.admin.allows))
    }
}
