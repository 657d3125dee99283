import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

@Suite struct OfficialRegistryTests {
    /// `tama officials import` as a commune's secretary runs it: the good rows registered,
    /// every other named `file:line: reason`, exit 2; importing again updates; an official's
    /// token names the official.
    @Test func theCommandLineRegistersASheetAndNamesEveryRejectedLine() async throws {
        let folder = try TemporaryDatabase()
        let sheet = folder.folder.appendingPathComponent("elus.csv")
        try """
            nom,fonction,commune,téléphone,langues,sujets
            Moussa Diarra,maire,Diéma,66 00 00 01,fr|bm,
            Awa Traoré,conseillère,diema,66000002,bm,eau|sante
            Hors région,maire,Bamako,66000003,fr,
            """.write(to: sheet, atomically: true, encoding: .utf8)
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let log = folder.folder.appendingPathComponent("out-\(UUID().uuidString)")
            let process = try startProcess(tama, arguments + ["--database", folder.path], log: log)
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
        }
        let imported = try run(["officials", "import", sheet.path, "--menus", shippedMenusPath])
        #expect(imported.0 == 2)
        #expect(imported.1.contains("\(sheet.path):4: commune 'Bamako' is not one of the menus' (kayes, nioro-du-sahel, yelimane, diema, bafoulabe)"))
        #expect(imported.1.hasSuffix("2 added, 0 updated, 1 rejected\n"))
        let again = try run(["officials", "import", sheet.path, "--menus", shippedMenusPath])
        #expect(again.1.hasSuffix("0 added, 2 updated, 1 rejected\n"))
        let listed = try run(["officials", "list"])
        #expect(listed.0 == 0)
        #expect(listed.1 == "2\tdiema\tcouncillor\tAwa Traoré\t+22366000002\tbm\teau|sante\n1\tdiema\tmayor\tMoussa Diarra\t+22366000001\tfr|bm\tall\n")

        let refused = try run(["token", "create", "--role", "official", "--label", "maire"])
        #expect(refused.0 != 0 && refused.1.contains("--official goes with --role official"))
        let created = try run(["token", "create", "--role", "official", "--label", "maire", "--official", "66000001"])
        #expect(created.0 == 0 && created.1.contains("tama_"))
        let tokens = try await folder.open().tokens()
        #expect(tokens.map(\.official) == [1])
    }

    /// Admins register, update and retire officials through the API; nobody else touches
    /// the registry, and an official who left office loses their tokens.
    @Test func adminsKeepTheRegistryThroughTheAPI() async throws {
        let database = try AppDatabase.inMemory()
        let admin = try await apiHeaders(database, .admin)
        let campaign = try await apiHeaders(database, .campaign)
        try await makeApplication(database: database).test(.router) { client in
            let mayor = #"{"name": "Moussa Diarra", "office": "maire", "commune": "diema", "phone": "66000001", "languages": ["fr", "bm"]}"#
            try await client.execute(uri: "/api/v1/officials", method: .post, headers: campaign, body: ByteBuffer(string: mayor)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/officials", method: .post, headers: admin, body: ByteBuffer(string: mayor)) { response in
                let official = try jsonObject(response)
                #expect(response.status == .created)
                #expect(official["id"] as? Int == 1 && official["office"] as? String == "mayor" && official["phone"] as? String == "+22366000001")
                #expect(official["topics"] == nil || official["topics"] is NSNull, "every topic")
            }
            let councillor = #"{"name": "Moussa Diarra", "office": "councillor", "commune": "Diéma", "phone": "+22366000001", "topics": ["eau"]}"#
            try await client.execute(uri: "/api/v1/officials", method: .post, headers: admin, body: ByteBuffer(string: councillor)) { response in
                let official = try jsonObject(response)
                #expect(response.status == .ok && official["office"] as? String == "councillor" && official["topics"] as? [String] == ["eau"])
            }
            for (body, reason) in [
                (#"{"name": "X", "office": "maire", "commune": "tombouctou", "phone": "66000009"}"#, "commune 'tombouctou' is not one of the menus'"),
                (#"{"name": "X", "office": "roi", "commune": "kayes", "phone": "66000009"}"#, "office 'roi' is not one of"),
                (#"{"name": "X", "office": "maire", "commune": "kayes", "phone": "660"}"#, "'660' is not a phone number"),
                (#"{"name": "X", "office": "maire", "commune": "kayes", "phone": "66000009", "topics": ["impots"]}"#, "topic 'impots' is not one of"),
            ] {
                try await client.execute(uri: "/api/v1/officials", method: .post, headers: admin, body: ByteBuffer(string: body)) { response in
                    let answer = try jsonObject(response)
                    #expect(response.status == .badRequest)
                    #expect((answer["reason"] as? String)?.hasPrefix(reason) == true, "\(body)")
                }
            }
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: admin, body: ByteBuffer(string: #"{"label": "maire", "role": "official"}"#)) {
                response in
                #expect(response.status == .badRequest)
            }
            var token = ""
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: admin, body: ByteBuffer(string: #"{"label": "maire", "role": "official", "official": 1}"#)
            ) { response in
                let created = try jsonObject(response)
                #expect(response.status == .created && created["official"] as? Int == 1)
                token = created["token"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/officials/1", method: .delete, headers: admin) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .unauthorized, "an official who left office has no token")
            }
            try await client.execute(uri: "/api/v1/officials", method: .get, headers: admin) { response in
                let answer = try jsonObject(response)
                #expect((answer["officials"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/officials?all=true", method: .get, headers: admin) { response in
                let officials = try jsonObject(response)["officials"] as? [[String: Any]] ?? []
                #expect(officials.count == 1 && officials.first?["retiredAt"] is String)
            }
        }
        let actions = try await database.auditLog(limit: 10).map(\.action)
        #expect(actions.filter { $0 == "officials.register" }.count == 2 && actions.contains("official.retire"))
    }
}
