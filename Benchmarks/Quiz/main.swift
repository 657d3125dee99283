import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Synchronization
import TamaStore

// scripts/bench quiz: the radio burst against a running `tama serve`. Question 1 is open;
// LISTENERS distinct listeners answer it within SECONDS, one in two by USSD (four hops:
// language, home, the question, the answer) and one in two by SMS, paced evenly, while
// five results pages stream its numbers. Prints the answers per second, the webhooks'
// p50 and p99, how stale the streamed numbers were (the longest wait between the moment
// the k-th answer was acknowledged and the first event counting k answers or more), and
// checks that every answer is stored once and that the pages' last count is the
// database's.
//
// tama-bench-quiz BASE_URL CALLBACK_SECRET HOST_TOKEN DATABASE [LISTENERS] [SECONDS]

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4 else {
    print("usage: tama-bench-quiz BASE_URL CALLBACK_SECRET HOST_TOKEN DATABASE [LISTENERS] [SECONDS]")
    exit(2)
}
let (base, secret, token, databasePath) = (arguments[0], arguments[1], arguments[2], arguments[3])
let listeners = arguments.count > 4 ? Int(arguments[4]) ?? 100_000 : 100_000
let seconds = arguments.count > 5 ? Double(arguments[5]) ?? 58 : 58
let workers = 64
let pages = 5
// A connection per worker and page, as many phones' gateways would hold: the client's
// default of 8 per host would queue requests in the load generator and count it as latency.
var clientConfiguration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(30)))
clientConfiguration.redirectConfiguration = .disallow
clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: workers + pages + 4)
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)

/// What the load records: each webhook's latency, and when each answer was acknowledged.
final class Record: Sendable {
    let latencies = Mutex<[Double]>([])
    let acknowledged = Mutex<[Double]>([])
    let failures = Mutex<[String]>([])
    /// Per page, when each event came and how many answers to question 1 it counted.
    let events = Mutex<[[(at: Double, answers: Int)]]>(Array(repeating: [], count: pages))
}

let record = Record()
let start = Date()
func now() -> Double { Date().timeIntervalSince(start) }

func post(_ path: String, _ body: String) async throws -> String {
    var request = HTTPClientRequest(url: base + path)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    request.body = .bytes(ByteBuffer(string: body))
    let sent = now()
    let response = try await client.execute(request, timeout: .seconds(30))
    let text = String(buffer: try await response.body.collect(upTo: 1 << 16))
    record.latencies.withLock { $0.append(now() - sent) }
    guard response.status == .ok else { throw BenchFailure.status(Int(response.status.code), text) }
    return text
}

enum BenchFailure: Error {
    case status(Int, String)
    case screen(String)
}

func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}

/// Listener `n`: an answer to question 1 (B), by USSD for even `n`, by SMS for odd.
func answer(_ n: Int) async throws {
    let phone = "+2237" + String(format: "%07d", n)
    if n % 2 == 1 {
        _ = try await post("/sms/africastalking/\(secret)", "from=\(escape(phone))&to=384&text=B&id=bench-\(n)")
    } else {
        let path = "/ussd/africastalking/\(secret)"
        let prefix = "sessionId=bench-\(n)&serviceCode=\(escape("*384*77#"))&phoneNumber=\(escape(phone))&networkCode=61002&text="
        for (hop, text) in ["", "1", "1*1", "1*1*2"].enumerated() {
            let screen = try await post(path, prefix + escape(text))
            guard screen.hasPrefix(hop == 3 ? "END " : "CON ") else { throw BenchFailure.screen(String(screen.prefix(60))) }
        }
    }
    record.acknowledged.withLock { $0.append(now()) }
}

/// A results page as a browser follows it: the console's sign-in, then its event stream.
func follow(page: Int, until done: @escaping @Sendable () -> Bool) async throws {
    var login = HTTPClientRequest(url: base + "/console/login")
    login.method = .POST
    login.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    login.body = .bytes(ByteBuffer(string: "token=\(escape(token))"))
    let signedIn = try await client.execute(login, timeout: .seconds(10))
    let cookie = signedIn.headers.first(name: "Set-Cookie")?.split(separator: ";").first.map(String.init) ?? ""
    var request = HTTPClientRequest(url: base + "/radio/civisme-2026/events")
    request.headers.add(name: "Cookie", value: cookie)
    let response = try await client.execute(request, timeout: .seconds(3_600))
    var pending = ""
    for try await chunk in response.body {
        pending += String(buffer: chunk)
        while let end = pending.range(of: "\n\n") {
            let event = pending[..<end.lowerBound]
            pending = String(pending[end.upperBound...])
            guard event.hasPrefix("data: "), let data = event.dropFirst(6).data(using: .utf8),
                let results = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let questions = results["questions"] as? [[String: Any]], let answers = questions.first?["answers"] as? Int
            else { continue }
            let at = now()
            record.events.withLock { $0[page].append((at, answers)) }
        }
        if done() { return }
    }
}

let finished = Atomic<Bool>(false)
let next = Atomic<Int>(0)
let streams = Task {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for page in 0..<pages {
            group.addTask {
                do {
                    try await follow(page: page, until: { finished.load(ordering: .relaxed) })
                } catch {
                    if !finished.load(ordering: .relaxed) { record.failures.withLock { $0.append("results page \(page): \(error)") } }
                }
            }
        }
        try await group.waitForAll()
    }
}
try await Task.sleep(for: .seconds(1))

let loadStart = now()
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<workers {
        group.addTask {
            while true {
                let n = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard n < listeners else { return }
                // Paced evenly over the burst: listener n starts at n / rate.
                let due = loadStart + Double(n) * seconds / Double(listeners)
                if due > now() { try await Task.sleep(for: .milliseconds(Int((due - now()) * 1_000))) }
                do {
                    try await answer(n)
                } catch {
                    record.failures.withLock { $0.append("listener \(n): \(error)") }
                }
            }
        }
    }
    try await group.waitForAll()
}
let loadSeconds = now() - loadStart
// The pages have a second to show the last answers.
try await Task.sleep(for: .seconds(2))
finished.store(true, ordering: .relaxed)
streams.cancel()

let database = try AppDatabase.open(path: databasePath)
let stored = try database.reader.read { db in
    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quizAnswer WHERE quiz = 'civisme-2026' AND question = 'q1' AND late = 0")!
}
let distinct = try database.reader.read { db in
    try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT subscriberId) FROM quizAnswer WHERE quiz = 'civisme-2026' AND question = 'q1' AND late = 0")!
}
let latencies = record.latencies.withLock { $0 }.sorted()
let acknowledged = record.acknowledged.withLock { $0 }.sorted()
let events = record.events.withLock { $0 }
let failures = record.failures.withLock { $0 }
func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1_000 }

// Staleness: for the k-th acknowledged answer, the first event (on each page) counting k
// or more, minus the moment it was acknowledged (0 if the event came first: the commit
// precedes the acknowledgment); the worst over every k and page. Counts only grow.
var stalest = 0.0
for page in events {
    var index = 0
    for (offset, at) in acknowledged.enumerated() {
        while index < page.count, page[index].answers < offset + 1 { index += 1 }
        guard index < page.count else {
            stalest = .infinity
            break
        }
        stalest = max(stalest, page[index].at - at)
    }
}
let lastCounts = events.map { $0.last?.answers ?? -1 }

print(String(format: "answers:   %d listeners in %.1f s = %.0f answers/s (%d by USSD in 4 hops, %d by SMS); %d webhook requests",
    acknowledged.count, loadSeconds, Double(acknowledged.count) / loadSeconds, (listeners + 1) / 2, listeners / 2, latencies.count))
print(String(format: "webhooks:  p50 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(0.5), percentile(0.99), (latencies.last ?? 0) * 1_000))
print(String(format: "pages:     %d streaming; stalest number %.0f ms; last counts %@; database %d", pages, stalest * 1_000,
    lastCounts.map(String.init).joined(separator: ", "), stored))
print("stored:    \(stored) answers counted for \(distinct) listeners; \(failures.count) failed request(s)")
// On a two-core machine the load generator takes its share of the cores Tama answers on.
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
print(String(format: "load:      this generator used %.1f s of CPU in %.1f s (%.2f cores)", cpu, now(), cpu / now()))
for failure in failures.prefix(5) { print("  \(failure)") }

let p99 = percentile(0.99)
let met = [
    ("every answer stored once", stored == listeners && distinct == listeners && failures.isEmpty),
    ("all answered within 60 s", loadSeconds <= 60),
    ("webhook p99 <= 10 ms", p99 <= 10),
    ("staleness <= 1 s", stalest <= 1),
    ("final page counts equal the database's", lastCounts.allSatisfy { $0 == stored }),
]
print("targets:   " + met.map { "\($0.0): \($0.1 ? "met" : "MISSED")" }.joined(separator: "; "))
try await client.shutdown().get()
exit(met.allSatisfy(\.1) ? 0 : 1)
