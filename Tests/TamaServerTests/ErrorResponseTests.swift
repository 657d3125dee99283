import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import TamaTestSupport
import Testing

@testable import TamaServer
@testable import TamaStore

/// Keeps every log record, so a test can see what an operator would read.
final class RecordingLogHandler: LogHandler, Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    let records = Mutex<[Record]>([])
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        records.withLock { $0.append(Record(level: event.level, message: event.message.description, metadata: event.metadata ?? [:])) }
    }
}

@Suite struct ErrorResponseTests {
    @Test func anUnexpectedErrorIsAJSON500NamingTheRequestLoggedAtErrorLevel() async throws {
        let database = try AppDatabase.inMemory()
        let admin = try await apiHeaders(database, .admin)
        try await database.writer.write { try $0.execute(sql: "DROP TABLE auditLog") }
        let recorder = RecordingLogHandler()
        let logger = Logger(label: "tama.test") { _ in recorder }
        let app = buildApplication(configuration: testConfiguration(), database: database, catalog: shippedCatalog, logger: logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: admin) { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.contentType] == "application/json")
                let reason = try jsonObject(response)["reason"] as? String ?? ""
                let logged = recorder.records.withLock { $0.first { $0.level == .error } }
                let id = logged?.metadata["request"]?.description
                #expect(id != nil && reason == "something failed inside Tama; the log has it under request \(id ?? "")")
                #expect(logged?.metadata["error"]?.description.contains("no such table: auditLog") == true)
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .notFound && answer["reason"] as? String == "not found")
            }
        }
    }

    @Test func anOversizedOrMalformedAPIRequestIsRefusedWithItsReason() async throws {
        let database = try AppDatabase.inMemory()
        let campaign = try await apiHeaders(database, .campaign)
        let communes = (0...250_000).map { "\"c\($0)\"" }.joined(separator: ",")
        let huge = #"{"name": "x", "campaign": "engageons-nous", "texts": {"fr": "x"}, "fallback": "fr", "audience": {"communes": [\#(communes)]}}"#
        let nul = #"{"name": "x", "campaign": "engageons-nous", "texts": {"fr": "x", "fr\u0000x": "y"}, "fallback": "fr"}"#
        let long = #"{"name": "\#(String(repeating: "n", count: 121))", "campaign": "engageons-nous", "texts": {"fr": "\#(String(repeating: "a", count: 1_531))"}, "fallback": "fr"}"#
        try await makeApplication(database: database, configuration: sendingConfiguration()).test(.router) { client in
            try await client.execute(uri: "/api/v1/broadcasts/preview", method: .post, headers: campaign, body: ByteBuffer(string: huge)) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .contentTooLarge && answer["reason"] as? String == "the body is over 1024 KiB")
            }
            let many = #"{"name": "x", "campaign": "engageons-nous", "texts": {"fr": "x"}, "fallback": "fr", "audience": {"communes": [\#((0...1_000).map { "\"c\($0)\"" }.joined(separator: ","))]}}"#
            try await client.execute(uri: "/api/v1/broadcasts/preview", method: .post, headers: campaign, body: ByteBuffer(string: many)) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .badRequest && answer["reason"] as? String == "'communes' has more than 1000 entries")
            }
            try await client.execute(uri: "/api/v1/broadcasts/preview", method: .post, headers: campaign, body: ByteBuffer(string: nul)) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .badRequest && answer["reason"] as? String == #"the body contains a NUL character (\u0000)"#)
            }
            try await client.execute(uri: "/api/v1/broadcasts", method: .post, headers: campaign, body: ByteBuffer(string: long)) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .badRequest)
                #expect(answer["problems"] as? [String] == ["'name' is longer than 120 characters", "the 'fr' text takes 11 SMS per message; the most is 10"])
            }
        }
    }

    @Test func controlCharactersInLoggedValuesCannotForgeALine() {
        let recorder = RecordingLogHandler()
        var logger = Logger(label: "tama.test") { _ in EscapingLogHandler(recorder) }
        // The logger's own metadata, as a request's id is set on its logger, goes with each line, escaped too.
        logger[metadataKey: "hb.request.id"] = "R1\nforged"
        logger.warning("USSD hop\nfake", metadata: ["session": "S1\n2026-11-27 INFO forged", "list": .array(["a\u{1B}[31m"])])
        let record = recorder.records.withLock { $0[0] }
        #expect(record.message == "USSD hop\\nfake")
        #expect(record.metadata["session"]?.description == "S1\\n2026-11-27 INFO forged")
        #expect(record.metadata["hb.request.id"]?.description == "R1\\nforged")
        guard case .array(let list) = record.metadata["list"] else {
            Issue.record("the list is no longer a list")
            return
        }
        #expect(list.map(\.description) == [#"a\u{1b}[31m"#])
    }
}
