import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

@Suite struct USSDRouteTests {
    @Test func aListenerDialsAnswersTheQuizAndHerAnswersAreStored() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        try await openShippedQuiz(database)
        try await makeApplication(database: database).test(.router) { client in
            let language = try await client.hop(session: "ATUid_1", text: "")
            #expect(language == "CON Bienvenue sur #EngageonsNous!\nChoisissez votre langue:\n1. Francais\n2. Bamanankan")
            let home = try await client.hop(session: "ATUid_1", text: "2")
            #expect(home.hasPrefix("CON #EngageonsNous\n1. Arajo nyininkali\n"))
            let question = try await client.hop(session: "ATUid_1", text: "2*1")
            #expect(question.hasPrefix("CON Nyininkali 1/3"))
            _ = try await client.hop(session: "ATUid_1", text: "2*1*2")
            _ = try await client.hop(session: "ATUid_1", text: "2*1*2*1")
            let done = try await client.hop(session: "ATUid_1", text: "2*1*2*1*3")
            #expect(done == "END I ni ce! I ka jaabiw sebenna. Arajo lamen ka jaabi nyumanw ni sorobaga don.")
            // The operator retries the last hop: same screen, nothing new.
            let retried = try await client.hop(session: "ATUid_1", text: "2*1*2*1*3")
            #expect(retried == done)
            // A new session remembers the language.
            let again = try await client.hop(session: "ATUid_2", text: "")
            #expect(again.hasPrefix("CON #EngageonsNous\n1. Arajo"))
        }
        let reopened = try file.open()
        try await reopened.reader.read { db in
            let answers = try QuizAnswer.order(Column("question")).fetchAll(db)
            #expect(answers.map { "\($0.question)=\($0.choice)" } == ["q1=B", "q2=A", "q3=C"])
            #expect(try Subscriber.fetchOne(db)?.language == "bm")
            #expect(try USSDSessionRecord.fetchCount(db) == 2)
        }
    }

    @Test func aCitizenQuestionGetsItsReferenceAndStaysAnonymous() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            var text = ""
            for key in ["1", "3", "5", "1", "1", "Le centre de santé n'a plus de médicaments*urgent"] {
                _ = try await client.hop(session: "ATUid_q", phone: "+22365000001", text: text)
                text = text.isEmpty ? key : text + "*" + key
            }
            let asked = try await client.hop(session: "ATUid_q", phone: "+22365000001", text: text)
            #expect(asked == "END Merci! Question no 1 envoyée au maire de Bafoulabé. La réponse viendra par SMS.")
        }
        let question = try await database.reader.read { try CitizenQuestionRecord.fetchOne($0) }
        #expect(question?.id == 1)
        #expect(question?.commune == "bafoulabe")
        #expect(question?.topic == "eau")
        #expect(question?.anonymous == true)
        #expect(question?.text == "Le centre de santé n'a plus de médicaments*urgent")
    }

    @Test func anUnknownCodeEndsWithTheConfiguredMessage() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            let reply = try await client.hop(session: "ATUid_x", code: "*999#", text: "")
            #expect(reply == "END Ce code n'est pas en service.")
        }
        #expect(try await database.reader.read { try USSDSessionRecord.fetchCount($0) } == 0)
    }

    @Test func aFailureInsideAHopEndsWithAnApologyInTheCallersLanguage() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            _ = try await client.hop(session: "ATUid_1", text: "")
            _ = try await client.hop(session: "ATUid_1", text: "2")
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE ussdSession SET variables = '{broken'")
            }
            let reply = try await client.hop(session: "ATUid_1", text: "2*1")
            #expect(reply == "END Hake to, geleya do donna. I ka segin a kan miniti dow kofe.")
        }
    }

    @Test func aWrongSecretIsNotFoundAndStoresNothing() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            for path in ["/ussd/africastalking/wrong", "/ussd/africastalking/\(secret)x", "/ussd/africastalking/"] {
                try await client.execute(
                    uri: path, method: .post, headers: formHeaders, body: ByteBuffer(string: callback(session: "S", text: ""))
                ) { response in
                    #expect(response.status == .notFound, "\(path)")
                }
            }
        }
        #expect(try await database.reader.read { try USSDSessionRecord.fetchCount($0) } == 0)
    }

    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var contentType: String?
        var body: String
        var reason: String
        var testDescription: String { name }
    }

    static let badRequests = [
        BadRequest(
            name: "JSON", contentType: "application/json", body: #"{"sessionId":"x"}"#,
            reason: "expected a form (Content-Type: application/x-www-form-urlencoded), got 'application/json'"
        ),
        BadRequest(
            name: "no content type", contentType: nil, body: callback(session: "S", text: ""),
            reason: "expected a form (Content-Type: application/x-www-form-urlencoded), got no Content-Type"
        ),
        BadRequest(
            name: "missing session", contentType: "application/x-www-form-urlencoded",
            body: "serviceCode=%2A384%2A77%23&phoneNumber=%2B22376000000&text=", reason: "missing field 'sessionId'"
        ),
        BadRequest(
            name: "empty phone", contentType: "application/x-www-form-urlencoded",
            body: "sessionId=S&serviceCode=%2A384%2A77%23&phoneNumber=&text=", reason: "field 'phoneNumber' is empty"
        ),
        BadRequest(
            name: "invalid phone", contentType: "application/x-www-form-urlencoded",
            body: callback(session: "S", phone: "abc", text: ""),
            reason: "field 'phoneNumber' is not an international phone number: 'abc'"
        ),
        BadRequest(
            name: "missing text", contentType: "application/x-www-form-urlencoded",
            body: "sessionId=S&serviceCode=%2A384%2A77%23&phoneNumber=%2B22376000000", reason: "missing field 'text'"
        ),
        BadRequest(
            name: "long session id", contentType: "application/x-www-form-urlencoded",
            body: callback(session: String(repeating: "s", count: 200), text: ""),
            reason: "field 'sessionId' is longer than 128 characters"
        ),
        BadRequest(
            name: "bad percent-encoding", contentType: "application/x-www-form-urlencoded",
            body: "sessionId=S&serviceCode=%ZZ&phoneNumber=%2B22376000000&text=",
            reason: "the form body is malformed: '%ZZ' has a '%' not followed by two hex digits"
        ),
        BadRequest(
            name: "body over 64 KiB", contentType: "application/x-www-form-urlencoded",
            body: callback(session: "S", text: String(repeating: "1", count: 70_000)), reason: "the body is over 64 KiB"
        ),
    ]

    @Test(arguments: badRequests)
    func badInputIsA400WithItsReasonAndStoresNothing(_ bad: BadRequest) async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            var headers: HTTPFields = [:]
            if let contentType = bad.contentType { headers[.contentType] = contentType }
            try await client.execute(uri: webhook, method: .post, headers: headers, body: ByteBuffer(string: bad.body)) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .badRequest && response.headers[.contentType] == "application/json")
                #expect(answer["reason"] as? String == bad.reason)
            }
        }
        #expect(try await database.reader.read { try USSDSessionRecord.fetchCount($0) } == 0)
    }

    @Test func aHopTextOverTheLimitGetsTheApologyAndStoresNothing() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            let long = try await client.hop(session: "S1", text: String(repeating: "*", count: USSDHop.textLimit + 1))
            #expect(long == "END Désolé, un problème est survenu. Réessayez dans quelques minutes.")
            let fits = try await client.hop(session: "S2", text: String(repeating: "*", count: USSDHop.textLimit))
            #expect(fits.hasPrefix("CON "))
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM ussdSession WHERE externalId = 'S1'") == 0)
    }

    @Test func healthAndMetrics() async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
            _ = try await client.hop(session: "S1", text: "")
            _ = try await client.hop(session: "S1", text: "")
            _ = try await client.hop(session: "S2", code: "*1#", text: "")
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(text.contains(#"tama_ussd_hops_total{outcome="started"} 1"#))
                #expect(text.contains(#"tama_ussd_hops_total{outcome="repeated"} 1"#))
                #expect(text.contains(#"tama_ussd_hops_total{outcome="unknown_service"} 1"#))
                #expect(text.contains("tama_ussd_hop_duration_seconds_count 3"))
                #expect(text.contains(#"tama_ussd_hop_duration_seconds_bucket{le="0.01"}"#))
                #expect(text.contains("tama_ussd_sessions_open 1.0\n"))
                #expect(text.contains(#"tama_http_requests_total{method="POST",route="/ussd/africastalking/{secret}",status="200"} 3"#))
                #expect(text.contains(#"tama_http_request_duration_seconds_count{route="/ussd/africastalking/{secret}"} 3"#))
                #expect(text.contains(#"tama_http_request_duration_seconds_bucket{route="/ussd/africastalking/{secret}",le="0.01"}"#))
                // The page caches of the in-memory database at least.
                #expect(metric("tama_sqlite_memory_bytes", in: text) ?? 0 > 0)
                // glibc's heap: something in use, and no more than it holds.
                let inUse = metric("tama_heap_in_use_bytes", in: text) ?? 0, held = metric("tama_heap_held_bytes", in: text) ?? 0
                #expect(inUse > 0 && inUse <= held)
                #expect(!text.contains(secret))
            }
        }
    }
}
