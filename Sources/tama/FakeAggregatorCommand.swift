import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TamaFakeAggregator

struct FakeAggregatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-aggregator",
        abstract: "A loopback Africa's Talking and Twilio send API that records messages and injects failures.",
        discussion: """
            Point Tama at it with africastalking.base_url or twilio.base_url = http://127.0.0.1:PORT. \
            GET /messages lists what it accepted.
            """
    )

    @Option(help: "Port to listen on (on 127.0.0.1).")
    var port = 9090

    @Option(help: "Share of send requests answered 503 (0 to 1).")
    var serverErrors = 0.0

    @Option(help: "Share of send requests answered 429 with Retry-After (0 to 1).")
    var throttle = 0.0

    @Option(help: "Seconds in the Retry-After of a 429.")
    var retryAfter = 1

    @Option(help: "Milliseconds to wait before each answer.")
    var latencyMs = 0

    @Option(help: "A recipient to refuse for good (repeatable).")
    var refuse: [String] = []

    @Option(help: "Where to post Africa's Talking delivery reports (Tama's /dlr/africastalking/SECRET).")
    var reportURL: String?

    @Option(help: "Twilio auth token that signs status callbacks.")
    var twilioToken: String?

    @Option(help: "Also append every accepted message to this file, one JSON object per line.")
    var record: String?

    func validate() throws {
        guard (0...1).contains(serverErrors), (0...1).contains(throttle), serverErrors + throttle <= 1 else {
            throw ValidationError("--server-errors and --throttle are shares from 0 to 1, together at most 1")
        }
    }

    func run() async throws {
        var settings = FakeAggregatorSettings()
        settings.serverErrorRate = serverErrors
        settings.throttleRate = throttle
        settings.retryAfter = retryAfter
        settings.latency = Double(latencyMs) / 1_000
        settings.refused = Set(refuse)
        settings.africasTalkingReportURL = try reportURL.map { text in
            guard let url = URL(string: text) else { throw ValidationError("--report-url is not a URL: \(text)") }
            return url
        }
        settings.twilioAuthToken = twilioToken
        let logger = Logger(label: "tama.fake-aggregator")
        let app = FakeAggregator.buildApplication(port: port, settings: settings, recorder: try FakeAggregatorRecorder(logPath: record), logger: logger)
        try await app.runService()
    }
}
