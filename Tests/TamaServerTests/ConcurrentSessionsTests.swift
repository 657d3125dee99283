import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaTestSupport
import Testing

@testable import TamaStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two hundred callers at once over real HTTP on loopback, on a real SQLite file: each
/// gets its own screens, and each effect is stored once although every hop is sent twice.
@Suite struct ConcurrentSessionsTests {
    @Test func twoHundredConcurrentSessions() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        try await openShippedQuiz(database)
        try await makeApplication(database: database).test(.live) { client in
            let port = try #require(client.port)
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = 64
            let session = URLSession(configuration: configuration)
            let url = URL(string: "http://127.0.0.1:\(port)\(webhook)")!

            let endings = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for caller in 0..<200 {
                    group.addTask {
                        let keys = caller.isMultiple(of: 2)
                            ? ["1", "1", "\(caller % 3 + 1)", "\(caller / 3 % 3 + 1)", "\(caller / 9 % 3 + 1)"]
                            : ["1", "3", "\(caller % 5 + 1)", "1", "1", "Question numéro \(caller)*svp"]
                        var text = ""
                        var last = ""
                        for key in [""] + keys {
                            text = key.isEmpty ? "" : (text.isEmpty ? key : text + "*" + key)
                            let body = callback(session: "ATUid_\(caller)", phone: "+2236600\(1000 + caller)", text: text)
                            let first = try await post(body, to: url, with: session)
                            let retry = try await post(body, to: url, with: session)
                            guard first == retry else { throw TestFailure.status(0, "retry differs: \(first) / \(retry)") }
                            last = first
                        }
                        return (caller, last)
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }

            for caller in 0..<200 where caller.isMultiple(of: 2) {
                #expect(endings[caller]?.hasPrefix("END Merci! Vos réponses sont enregistrées.") == true)
            }
            let communes = ["Kayes", "Nioro du Sahel", "Yélimané", "Diéma", "Bafoulabé"]
            var references: Set<Int> = []
            for caller in 0..<200 where !caller.isMultiple(of: 2) {
                let ending = try #require(endings[caller])
                let reference = try #require(Int(ending.split(separator: " ")[4]), "\(ending)")
                #expect(ending == "END Merci! Question no \(reference) envoyée au maire de \(communes[caller % 5]). La réponse viendra par SMS.")
                references.insert(reference)
                let question = try await database.reader.read { try CitizenQuestionRecord.fetchOne($0, key: reference) }
                #expect(question?.text == "Question numéro \(caller)*svp")
            }
            #expect(references.count == 100)
        }
        let reopened = try file.open()
        try await reopened.reader.read { db in
            #expect(try Subscriber.fetchCount(db) == 200)
            #expect(try QuizAnswer.fetchCount(db) == 300)
            #expect(try CitizenQuestionRecord.fetchCount(db) == 100)
            #expect(try USSDSessionRecord.fetchCount(db) == 200)
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(hops) FROM ussdSession") == 100 * 6 + 100 * 7)
            for caller in stride(from: 0, to: 200, by: 2) {
                let choices = try String.fetchAll(
                    db,
                    sql: """
                        SELECT choice FROM quizAnswer JOIN subscriber ON subscriber.id = subscriberId
                        WHERE phone = ? ORDER BY question
                        """,
                    arguments: ["+2236600\(1000 + caller)"]
                )
                let expected = [caller % 3, caller / 3 % 3, caller / 9 % 3].map { ["A", "B", "C"][$0] }
                #expect(choices == expected, "caller \(caller)")
            }
        }
    }
}

private func post(_ body: String, to url: URL, with session: URLSession) async throws -> String {
    var request = URLRequest(url: url)
    request.httpMethod = "POST"
    request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    request.httpBody = Data(body.utf8)
    let (data, response) = try await session.data(for: request)
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard status == 200 else { throw TestFailure.status(status, String(decoding: data, as: UTF8.self)) }
    return String(decoding: data, as: UTF8.self)
}
