import Foundation
import Testing

@testable import TamaServer

@Suite struct ConfigurationTests {
    let secretEnvironment = ["TAMA_AFRICASTALKING_CALLBACK_SECRET": "0123456789abcdef"]

    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tama-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsNeedOnlyASecret() throws {
        let configuration = try ServerConfiguration(.environment(secretEnvironment))
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.databasePath == "tama.sqlite")
        #expect(configuration.menusPath == "Menus")
        #expect(configuration.sessionTimeout == 180)
        #expect(configuration.africasTalking.screen.limit == 160)
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() throws {
        let path = try file(
            """
            host: 0.0.0.0
            port: 9000
            database: /var/lib/tama/tama.sqlite
            africastalking:
              screen_limit: 140
              callback_secret: from-the-file-0123
            """
        )
        var flags = ConfigurationValues()
        flags.set("port", "9002", source: "--port")
        let environment = ["TAMA_PORT": "9001", "TAMA_DATABASE": "env.sqlite", "TAMA_MENUS": "/etc/tama/menus"]
        let configuration = try ServerConfiguration(
            ConfigurationValues.file(at: path).overridden(by: .environment(environment)).overridden(by: flags)
        )
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9002)
        #expect(configuration.databasePath == "env.sqlite")
        #expect(configuration.menusPath == "/etc/tama/menus")
        #expect(configuration.africasTalking.screen.limit == 140)
        #expect(configuration.africasTalking.callbackSecret == "from-the-file-0123")
    }

    @Test func anUnknownSettingNamesItsFileAndLine() throws {
        let path = try file("host: 127.0.0.1\nprot: 9000\n")
        #expect {
            try ConfigurationValues.file(at: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path):2: unknown setting 'prot'")
        }
    }

    @Test func aBadValueNamesWhereItCameFrom() {
        #expect {
            try ServerConfiguration(.environment(secretEnvironment.merging(["TAMA_PORT": "80a"]) { $1 }))
        } throws: { error in
            "\(error)" == "TAMA_PORT: '80a' should be a whole number from 1 to 65535"
        }
    }

    @Test func noSecretOrAWeakOneRefusesToStart() {
        #expect {
            try ServerConfiguration(.environment([:]))
        } throws: { error in
            "\(error)".contains("set TAMA_AFRICASTALKING_CALLBACK_SECRET")
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(.environment(["TAMA_AFRICASTALKING_CALLBACK_SECRET": "short"]))
        }
    }
}
