import Foundation
import TamaCore
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

    @Test func theTwilioAuthTokenAloneReceivesWithoutSending() throws {
        let configuration = try ServerConfiguration(.environment(secretEnvironment.merging(["TAMA_TWILIO_AUTH_TOKEN": "token"]) { $1 }))
        #expect(configuration.twilio.authToken == "token")
        #expect(configuration.sendingRoutes.isEmpty)
    }

    @Test func connectionLimitsHaveSafeDefaultsAndCanBeSet() throws {
        #expect(try ServerConfiguration(.environment(secretEnvironment)).connections == ConnectionLimits())
        let set = try ServerConfiguration(
            .environment(secretEnvironment.merging(["TAMA_HTTP_IDLE_TIMEOUT": "5", "TAMA_HTTP_READ_TIMEOUT": "3", "TAMA_HTTP_MAX_CONNECTIONS": "64"]) { $1 })
        )
        #expect(set.connections.idleTimeout == 5 && set.connections.readTimeout == 3 && set.connections.maxConnections == 64)
    }

    @Test func aRouteIsEnabledByItsCredentialsAndNamesWhatIsMissing() throws {
        let half = secretEnvironment.merging(["TAMA_AFRICASTALKING_USERNAME": "tama"]) { $1 }
        #expect {
            try ServerConfiguration(.environment(half))
        } throws: { error in
            "\(error)" == "the africastalking route is half configured: set TAMA_AFRICASTALKING_API_KEY too, or none of its sending settings"
        }
        let full = secretEnvironment.merging([
            "TAMA_AFRICASTALKING_USERNAME": "tama", "TAMA_AFRICASTALKING_API_KEY": "key", "TAMA_AFRICASTALKING_RATE": "2.5",
            "TAMA_AFRICASTALKING_BURST": "20", "TAMA_KANNEL_SENDSMS_URL": "http://127.0.0.1:13013/cgi-bin/sendsms",
            "TAMA_KANNEL_USERNAME": "tama", "TAMA_KANNEL_PASSWORD": "pw", "TAMA_SMS_ROUTE": "kannel",
            "TAMA_DISPATCH_QUIET_HOURS": "22:30-06:00", "TAMA_DISPATCH_DAILY_CAP": "0",
        ]) { $1 }
        let configuration = try ServerConfiguration(.environment(full))
        #expect(configuration.sendingRoutes == ["africastalking", "kannel"])
        #expect(configuration.defaultRoute == "kannel")
        #expect(configuration.africasTalking.pacing == RoutePacing(rate: 2.5, burst: 20, price: 25))
        #expect(configuration.dispatch.quietHours == QuietHours(start: 22 * 60 + 30, end: 6 * 60))
        #expect(configuration.dispatch.dailyCap == nil)
    }

    @Test(arguments: [
        (["TAMA_SMS_ROUTE": "twilio"], "sms.route is 'twilio', which is not configured; configured routes: none"),
        (["TAMA_DISPATCH_QUIET_HOURS": "21h-7h"], "TAMA_DISPATCH_QUIET_HOURS: '21h-7h' should be two times such as 21:00-07:00 (equal times: never quiet)"),
        (["TAMA_DISPATCH_TIMEZONE": "Mali/Kayes"], "TAMA_DISPATCH_TIMEZONE: 'Mali/Kayes' should be a time zone such as Africa/Bamako"),
        (["TAMA_TWILIO_BASE_URL": "api.twilio.com"], "TAMA_TWILIO_BASE_URL: 'api.twilio.com' should be an http:// or https:// URL"),
        (["TAMA_AFRICASTALKING_CALLBACK_SECRET": "a/secret?with#marks"],
         "TAMA_AFRICASTALKING_CALLBACK_SECRET: '(hidden)' should be letters, digits, '-', '_', '.' and '~' only, as it goes in a URL path"),
        (["TAMA_KANNEL_SECRET": "kannel secret 0123456"],
         "TAMA_KANNEL_SECRET: '(hidden)' should be letters, digits, '-', '_', '.' and '~' only, as it goes in a URL path"),
        (["TAMA_TWILIO_ACCOUNT_SID": "AC1", "TAMA_TWILIO_FROM": "+15005550006"],
         "the twilio route is half configured: set TAMA_TWILIO_AUTH_TOKEN too, or none of its sending settings"),
        (["TAMA_DEFAULT_COUNTRY": "+223"], "TAMA_DEFAULT_COUNTRY: '+223' should be a calling code such as 223"),
        (["TAMA_HTTP_MAX_CONNECTIONS": "0"], "TAMA_HTTP_MAX_CONNECTIONS: '0' should be a whole number from 1 to 100000"),
    ])
    func badSendingSettingsAreRefusedWithTheirSource(_ environment: [String: String], _ message: String) {
        #expect {
            try ServerConfiguration(.environment(secretEnvironment.merging(environment) { $1 }))
        } throws: { error in
            "\(error)" == message
        }
    }
}
