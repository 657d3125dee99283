import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Synchronization

// scripts/chaos: a release `tama serve` under mixed load (USSD walks that subscribe, and
// inbound SMS that join, answer the open quiz question or ask a question), while a
// 100,000-recipient broadcast goes out to the fake aggregator, which posts delivery
// reports back. In a chaos run the daemon is killed with SIGKILL KILLS times at random
// moments and stopped once with SIGTERM, and restarted each time; then the queue drains
// and everything is checked against what the load was told and what the aggregator
// received. In a soak (--soak MINUTES [SHARE]) nothing is killed: the load runs at SHARE
// (0.5) of the capacity measured first, and RSS, the WAL and p99 are printed per minute.
//
// tama-chaos TAMA_BINARY WORK_DIRECTORY SECONDS KILLS
// tama-chaos TAMA_BINARY WORK_DIRECTORY --soak MINUTES [SHARE]

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4 || (arguments.count == 5 && arguments[2] == "--soak") else {
    print("usage: tama-chaos TAMA_BINARY WORK_DIRECTORY SECONDS KILLS | TAMA_BINARY WORK_DIRECTORY --soak MINUTES [SHARE]")
    exit(2)
}
let tamaBinary = arguments[0]
let work = arguments[1]
let soak = arguments[2] == "--soak"
let seconds = soak ? (Double(arguments[3]) ?? 10) * 60 : Double(arguments[2]) ?? 120
let kills = soak ? 0 : Int(arguments[3]) ?? 20
/// The share of the measured capacity a soak runs at.
let share = arguments.count == 5 ? Double(arguments[4]) ?? 0.5 : 0.5
let subscribers = 100_000
let workers = 32
let secret = "chaos-secret-0123456789"
let (port, fakePort) = (18_090, 19_090)
let base = "http://127.0.0.1:\(port)"
let database = work + "/chaos.sqlite"
let fakeLog = work + "/aggregator.jsonl"
// In a chaos run the broadcast should still be going out when the last kill comes; in a
// soak the route keeps up with the replies the load asks for.
let rate = soak ? 10_000 : max(200, Int(Double(subscribers) / (seconds * 0.6)))

// MARK: - Processes

func launch(_ executable: String, _ arguments: [String], environment: [String: String] = [:], log: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    handle.seekToEndOfFile()
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
}

func tama(_ arguments: String...) throws {
    let process = try launch(tamaBinary, arguments + ["--database", database], environment: ["TAMA_MENUS": "Menus"], log: work + "/setup.log")
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ChaosFailure.setup("tama \(arguments.joined(separator: " ")) failed; see \(work)/setup.log") }
}

enum ChaosFailure: Error {
    case setup(String)
    case status(Int)
}

/// The daemon under test, restarted after each kill.
final class Daemon: Sendable {
    private let process = Mutex<Process?>(nil)
    let restarts = Mutex<[Double]>([])

    static let environment = [
        "TAMA_AFRICASTALKING_CALLBACK_SECRET": secret, "TAMA_AFRICASTALKING_USERNAME": "chaos", "TAMA_AFRICASTALKING_API_KEY": "chaos",
        "TAMA_AFRICASTALKING_BASE_URL": "http://127.0.0.1:\(fakePort)", "TAMA_AFRICASTALKING_RATE": String(rate),
        "TAMA_AFRICASTALKING_BURST": String(min(rate, 1_000)), "TAMA_DISPATCH_QUIET_HOURS": "00:00-00:00", "TAMA_DISPATCH_DAILY_CAP": "0",
        "TAMA_DATABASE": database, "TAMA_MENUS": "Menus", "TAMA_PORT": String(port),
    ]

    var pid: Int32? { process.withLock { $0?.processIdentifier } }

    func start() throws {
        let started = try launch(tamaBinary, ["serve", "--log-level", "warning"], environment: Self.environment, log: work + "/tama.log")
        process.withLock { $0 = started }
    }

    /// Sends `signal` and waits for the process to be gone.
    func stop(_ signal: Int32) async {
        guard let running = process.withLock({ $0 }) else { return }
        kill(running.processIdentifier, signal)
        while running.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        process.withLock { $0 = nil }
    }

    /// Starts it and waits until `/health` answers; returns how long that took.
    @discardableResult
    func restart() async throws -> Double {
        let begun = Date()
        try start()
        while true {
            if (try? await get("/health")) == 200 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let took = Date().timeIntervalSince(begun)
        restarts.withLock { $0.append(took) }
        return took
    }
}

// MARK: - HTTP

var clientConfiguration = HTTPClient.Configuration(timeout: .init(connect: .seconds(2), read: .seconds(30)))
clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: workers + 4)
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)

func escape(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}

func get(_ path: String) async throws -> Int {
    let response = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(2))
    _ = try await response.body.collect(upTo: 1 << 20)
    return Int(response.status.code)
}

/// Posts a form or JSON; answers the status and the body.
func post(_ path: String, _ body: String, json: Bool = false, token: String? = nil) async throws -> (Int, String) {
    var request = HTTPClientRequest(url: base + path)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: json ? "application/json" : "application/x-www-form-urlencoded")
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await client.execute(request, timeout: .seconds(30))
    return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
}

// MARK: - Load

/// What the load was told: webhooks answered 200, and every request's latency.
final class Ledger: Sendable {
    let sms = Mutex<[(id: String, text: String)]>([])
    let walks = Mutex<[String]>([])
    let refused = Atomic<Int>(0)
    let latencies = Mutex<[(at: Double, seconds: Double)]>([])
}

let ledger = Ledger()
let clock = Date()
func elapsed() -> Double { Date().timeIntervalSince(clock) }
let texts = ["JOIN", "B", "Q Le forage du quartier est en panne depuis trois semaines"]

/// Request `n` of the mixed load: one in five a USSD walk that subscribes (three hops),
/// the others an SMS from a number of its own.
func act(_ n: Int) async {
    do {
        if n % 5 == 0 {
            let phone = "+22378" + String(format: "%06d", n % 1_000_000)
            let prefix = "sessionId=chaos-\(n)&serviceCode=\(escape("*384*77#"))&phoneNumber=\(escape(phone))&networkCode=61002&text="
            for text in ["", "1", "1*2"] {
                let sent = elapsed()
                let (status, screen) = try await post("/ussd/africastalking/\(secret)", prefix + escape(text))
                ledger.latencies.withLock { $0.append((sent, elapsed() - sent)) }
                guard status == 200 else { throw ChaosFailure.status(status) }
                if text == "1*2" {
                    if screen.hasPrefix("END ") { ledger.walks.withLock { $0.append(phone) } }
                } else if !screen.hasPrefix("CON ") {
                    return  // the apology: a hop Tama could not take, nothing acknowledged
                }
            }
        } else {
            let phone = "+22379" + String(format: "%07d", n % 10_000_000)
            let text = texts[n % texts.count]
            let id = "chaos-\(n)"
            let sent = elapsed()
            let (status, _) = try await post("/sms/africastalking/\(secret)", "from=\(escape(phone))&to=384&text=\(escape(text))&id=\(id)")
            ledger.latencies.withLock { $0.append((sent, elapsed() - sent)) }
            guard status == 200 else { throw ChaosFailure.status(status) }
            ledger.sms.withLock { $0.append((id, text)) }
        }
    } catch {
        ledger.refused.add(1, ordering: .relaxed)
    }
}

let next = Atomic<Int>(1)

/// `workers` at once for `duration` seconds, or paced at `pace` requests per second.
func load(for duration: Double, pace: Double? = nil) async {
    let start = elapsed()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<workers {
            group.addTask {
                var issued = 0
                while elapsed() - start < duration {
                    let n = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if let pace {
                        // Evenly spaced: the k-th of all requests at start + k / pace.
                        let due = start + Double(issued * workers) / pace
                        if due > elapsed() { try? await Task.sleep(for: .seconds(due - elapsed())) }
                        issued += 1
                    }
                    await act(n)
                }
            }
        }
    }
}

// MARK: - Watching

func fileSize(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
}

func rss(of pid: Int32?) -> Int {
    guard let pid, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

let largestWAL = Atomic<Int64>(0)
let watching = Atomic<Bool>(true)
let rssSamples = Mutex<[(at: Double, kib: Int)]>([])

func mebibytes(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }

// MARK: - The run

try? FileManager.default.removeItem(atPath: work)
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
print(soak ? "Soak: \(Int(seconds / 60)) min of steady mixed load, no kills" : "Chaos: \(Int(seconds)) s of mixed load, \(kills) SIGKILL and 1 SIGTERM")

// Setup: the subscribers, the open quiz question, a campaign token.
var csv = "phone;langue;commune\n"
for n in 0..<subscribers { csv += "+22375\(String(format: "%07d", n));fr;Kayes\n" }
try csv.write(toFile: work + "/subscribers.csv", atomically: true, encoding: .utf8)
try tama("subscribers", "import", work + "/subscribers.csv", "--campaign", "engageons-nous")
try tama("quiz", "open", "civisme-2026", "1")
let tokenProcess = try launch(tamaBinary, ["token", "create", "--role", "campaign", "--label", "chaos", "--database", database], log: work + "/token.log")
tokenProcess.waitUntilExit()
guard let token = try String(contentsOfFile: work + "/token.log", encoding: .utf8).split(separator: "\n").first(where: { $0.hasPrefix("tama_") }).map(String.init)
else { throw ChaosFailure.setup("no token; see \(work)/token.log") }

// TAMA_CHAOS_NO_REPORTS=1: the aggregator posts no delivery reports, to see what they cost.
let reports = ProcessInfo.processInfo.environment["TAMA_CHAOS_NO_REPORTS"] == nil
let aggregator = try launch(
    tamaBinary,
    ["fake-aggregator", "--port", String(fakePort), "--record", fakeLog] + (reports ? ["--report-url", "\(base)/dlr/africastalking/\(secret)"] : []),
    log: work + "/aggregator.log"
)
let daemon = Daemon()
try await daemon.restart()

let watcher = Task {
    while watching.load(ordering: .relaxed) {
        let wal = fileSize(database + "-wal")
        if wal > largestWAL.load(ordering: .relaxed) { largestWAL.store(wal, ordering: .relaxed) }
        try? await Task.sleep(for: .milliseconds(100))
    }
}
let sampler = Task {
    while watching.load(ordering: .relaxed) {
        rssSamples.withLock { $0.append((elapsed(), rss(of: daemon.pid))) }
        try? await Task.sleep(for: .seconds(5))
    }
}

/// Once a minute in a soak: what the daemon says of itself in `/metrics`, and the CPU
/// each process spent, to tell where a slow request's time went.
struct Reading: Sendable {
    var at: Double
    var rssKiB: Int
    var sqliteBytes: Double
    /// glibc's heap: allocated, and held from the system.
    var heapInUse: Double
    var heapHeld: Double
    /// Webhook requests (SMS and USSD) the daemon took at most each bound to answer,
    /// cumulative as Prometheus counts them.
    var buckets: [Double: Double]
    /// Clock ticks of CPU, user and system, of the daemon, the aggregator and this load.
    var ticks: [Int]
    /// Nanoseconds the daemon's threads, all together, have spent ready to run but
    /// waiting for a CPU: the share of latency that is the machine's, not the daemon's.
    var waitedForCPU: Double
}

/// Run-queue wait of every thread of process `pid`, from the scheduler's statistics.
func runQueueWait(_ pid: Int32?) -> Double {
    guard let pid, let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return 0 }
    return threads.reduce(0) { total, thread in
        // schedstat: time on a CPU, time waiting on a run queue (ns), time slices.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/schedstat", encoding: .utf8)) ?? ""
        return total + (stat.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0)
    }
}

/// User and system CPU ticks of process `pid` ("self" for this one).
func cpuTicks(_ pid: String) -> Int {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let end = stat.lastIndex(of: ")")
    else { return 0 }
    // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
    let fields = stat[stat.index(after: end)...].split(separator: " ")
    return fields.count > 12 ? (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0) : 0
}

func read(at moment: Double) async -> Reading {
    var reading = Reading(
        at: moment, rssKiB: rss(of: daemon.pid), sqliteBytes: 0, heapInUse: 0, heapHeld: 0, buckets: [:], ticks: [], waitedForCPU: runQueueWait(daemon.pid)
    )
    reading.ticks = [cpuTicks(daemon.pid.map(String.init) ?? "0"), cpuTicks(String(aggregator.processIdentifier)), cpuTicks("self")]
    guard let response = try? await client.execute(HTTPClientRequest(url: base + "/metrics"), timeout: .seconds(10)),
        let body = try? await response.body.collect(upTo: 1 << 22)
    else { return reading }
    for line in String(buffer: body).split(separator: "\n") {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let value = Double(parts[1]) else { continue }
        switch parts[0] {
        case "tama_sqlite_memory_bytes": reading.sqliteBytes = value
        case "tama_heap_in_use_bytes": reading.heapInUse = value
        case "tama_heap_held_bytes": reading.heapHeld = value
        default: break
        }
        guard parts[0].hasPrefix("tama_http_request_duration_seconds_bucket{"),
            parts[0].contains("/sms/africastalking/") || parts[0].contains("/ussd/africastalking/"),
            let bound = parts[0].split(separator: "le=\"").last?.dropLast(2)
        else { continue }
        reading.buckets[Double(bound) ?? .infinity, default: 0] += value
    }
    return reading
}

let reader = try DatabasePool(path: database, configuration: { var c = Configuration(); c.readonly = true; return c }())
func unsent() throws -> Int {
    try reader.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE status IN ('queued', 'sending')")!
            + Int.fetchOne(db, sql: "SELECT COUNT(*) FROM broadcast WHERE status NOT IN ('finished', 'cancelled', 'failed')")!
            + Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inboundMessage WHERE status = 'accepted'")!
    }
}

var pace: Double?
if soak {
    // Capacity first: 15 s as fast as the load goes, then until the replies it asked for
    // are sent and their delivery reports back: what the whole daemon sustains, not only
    // its webhooks.
    let measured = elapsed()
    await load(for: 15)
    let webhooks = ledger.sms.withLock { $0.count } + ledger.walks.withLock { $0.count } * 3
    let accepting = elapsed() - measured
    while try unsent() > 0 { try await Task.sleep(for: .milliseconds(200)) }
    try await Task.sleep(for: .seconds(1))
    let capacity = Double(webhooks) / (elapsed() - measured)
    pace = capacity * share
    print(String(format: "capacity:  %.0f webhooks/s sustained (%.0f/s accepted over 15 s, then %.1f s until their replies were sent); the soak runs at %.0f/s (%g of it), counting each USSD hop",
        capacity, Double(webhooks) / accepting, elapsed() - measured - accepting, capacity * share, share))
    ledger.latencies.withLock { $0.removeAll() }
    rssSamples.withLock { $0.removeAll() }
    largestWAL.store(0, ordering: .relaxed)
}

let (created, createdBody) = try await post(
    "/api/v1/broadcasts",
    #"{"name": "Chaos", "campaign": "engageons-nous", "texts": {"fr": "Reunion publique samedi 10h a la mairie de Kayes."}, "fallback": "fr", "audience": {}}"#,
    json: true, token: token
)
guard created == 201 else { throw ChaosFailure.setup("the broadcast was refused: \(created) \(createdBody)") }
let loadStart = elapsed()

// The killer: SIGKILL at random moments, SIGTERM once among them, a restart after each.
let killer = Task {
    let moments = (0..<kills).map { _ in Double.random(in: 3...(max(4, seconds - 3))) }.sorted()
    let graceful = kills > 0 ? Int.random(in: 0..<kills) : -1
    for (index, moment) in moments.enumerated() {
        let wait = loadStart + moment - elapsed()
        if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
        if index == graceful {
            await daemon.stop(SIGTERM)
            _ = try? await daemon.restart()
        }
        await daemon.stop(SIGKILL)
        _ = try? await daemon.restart()
    }
}
let readings = Task {
    guard soak else { return [Reading]() }
    var readings = [await read(at: elapsed())]
    while elapsed() - loadStart < seconds {
        try? await Task.sleep(for: .seconds(loadStart + Double(readings.count) * 60 - elapsed()))
        readings.append(await read(at: elapsed()))
    }
    return readings
}
await load(for: seconds, pace: pace)
await killer.value
let loadSeconds = elapsed() - loadStart

// Drain: the queue empties at the route's rate, delivery reports come back.
let drainStart = elapsed()
var pending = 0
repeat {
    try await Task.sleep(for: .seconds(1))
    pending = try unsent()
} while pending > 0 && elapsed() - drainStart < 600
let drainSeconds = elapsed() - drainStart
try await Task.sleep(for: .seconds(2))  // the last delivery reports
await daemon.stop(SIGTERM)
kill(aggregator.processIdentifier, SIGTERM)
aggregator.waitUntilExit()
watching.store(false, ordering: .relaxed)
await watcher.value
await sampler.value

// MARK: - Checks

var problems: [String] = []
let acknowledgedSMS = ledger.sms.withLock { $0 }
let walks = ledger.walks.withLock { $0 }

struct Stored {
    var inbound: [String: Int]
    var replies: [String: Int]
    var subscribed: Set<String>
    var statuses: [String: Int]
    var sent: [String: (attempts: Int, count: Int)]
    var broadcastRows: Int
    var broadcastTwice: Int
}

let stored = try reader.read { db -> Stored in
    var inbound: [String: Int] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT externalId, COUNT(*) FROM inboundMessage WHERE aggregator = 'africastalking' GROUP BY externalId") {
        inbound[row[0]] = row[1]
    }
    var replies: [String: Int] = [:]
    for row in try Row.fetchAll(
        db, sql: "SELECT i.externalId, COUNT(o.id) FROM inboundMessage i JOIN outboundMessage o ON o.inboundId = i.id GROUP BY i.id"
    ) {
        replies[row[0]] = row[1]
    }
    let subscribed = Set(
        try String.fetchAll(
            db,
            sql: """
                SELECT s.phone FROM subscriber s JOIN subscription c ON c.subscriberId = s.id
                WHERE c.campaign = 'engageons-nous' AND c.status = 'active' AND s.phone LIKE '+22378%'
                """
        )
    )
    var statuses: [String: Int] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM outboundMessage GROUP BY status") { statuses[row[0]] = row[1] }
    var sent: [String: (Int, Int)] = [:]
    for row in try Row.fetchAll(
        db,
        sql: """
            SELECT o.recipient || '|' || COALESCE(o.text, v.text), MAX(o.attempts), COUNT(*) FROM outboundMessage o
            LEFT JOIN broadcastVariant v ON v.broadcastId = o.broadcastId AND v.language = o.variant
            WHERE o.status IN ('sent', 'delivered') GROUP BY 1
            """
    ) {
        sent[row[0]] = (row[1], row[2])
    }
    let broadcastRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outboundMessage WHERE broadcastId IS NOT NULL")!
    let broadcastTwice = try Int.fetchOne(
        db, sql: "SELECT COUNT(*) FROM (SELECT recipient FROM outboundMessage WHERE broadcastId IS NOT NULL GROUP BY broadcastId, recipient HAVING COUNT(*) > 1)"
    )!
    return Stored(inbound: inbound, replies: replies, subscribed: subscribed, statuses: statuses, sent: sent, broadcastRows: broadcastRows, broadcastTwice: broadcastTwice)
}

// Every SMS answered 200: stored once, with its reply.
let missingSMS = acknowledgedSMS.filter { stored.inbound[$0.id] == nil }
let twiceSMS = acknowledgedSMS.filter { (stored.inbound[$0.id] ?? 0) > 1 }
let withoutReply = acknowledgedSMS.filter { stored.inbound[$0.id] != nil && stored.replies[$0.id] != 1 }
if !missingSMS.isEmpty { problems.append("\(missingSMS.count) SMS answered 200 are missing, e.g. \(missingSMS[0].id)") }
if !twiceSMS.isEmpty { problems.append("\(twiceSMS.count) SMS stored twice") }
if !withoutReply.isEmpty { problems.append("\(withoutReply.count) SMS without exactly one reply, e.g. \(withoutReply[0].id)") }
// Every walk whose last screen was acknowledged: subscribed.
let unsubscribed = walks.filter { !stored.subscribed.contains($0) }
if !unsubscribed.isEmpty { problems.append("\(unsubscribed.count) acknowledged USSD subscriptions are missing, e.g. \(unsubscribed[0])") }
// The queue: nothing left sending or queued, nothing failed.
for status in ["queued", "sending", "failed"] where (stored.statuses[status] ?? 0) > 0 {
    problems.append("\(stored.statuses[status]!) messages \(status)")
}
// The aggregator: every sent message arrived; twice only if it was sent again after a kill.
var arrived: [String: Int] = [:]
for line in try String(contentsOfFile: fakeLog, encoding: .utf8).split(separator: "\n") {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let recipient = object["recipient"] as? String, let text = object["text"] as? String
    else { continue }
    arrived[recipient + "|" + text, default: 0] += 1
}
let neverArrived = stored.sent.filter { arrived[$0.key] == nil }
let duplicates = stored.sent.filter { (arrived[$0.key] ?? 0) > $0.value.count }
let unexplained = duplicates.filter { $0.value.attempts < 2 }
if !neverArrived.isEmpty { problems.append("\(neverArrived.count) messages marked sent never reached the aggregator") }
if !unexplained.isEmpty { problems.append("\(unexplained.count) messages reached the aggregator twice without being sent twice") }
// The broadcast: every subscriber queued once.
if stored.broadcastTwice > 0 { problems.append("\(stored.broadcastTwice) broadcast recipients queued twice") }
if stored.broadcastRows < subscribers { problems.append("the broadcast queued \(stored.broadcastRows) of \(subscribers) subscribers") }

// MARK: - Report

func grouped(_ value: Int) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.groupingSeparator = ","
    return formatter.string(from: NSNumber(value: value)) ?? String(value)
}

let latencies = ledger.latencies.withLock { $0 }
let restarts = daemon.restarts.withLock { $0 }.dropFirst().sorted()
print(String(format: "load:      %.0f s; %@ SMS and %@ USSD walks acknowledged, %@ requests refused or cut off while the daemon was down",
    loadSeconds, grouped(acknowledgedSMS.count), grouped(walks.count), grouped(ledger.refused.load(ordering: .relaxed))))
if !soak {
    print(String(format: "restarts:  %d (%d SIGKILL, 1 SIGTERM); healthy again after %.2f s median, %.2f s at most",
        restarts.count, kills, restarts.isEmpty ? 0 : restarts[restarts.count / 2], restarts.last ?? 0))
}
print("inbound:   \(grouped(acknowledgedSMS.count - missingSMS.count)) of \(grouped(acknowledgedSMS.count)) acknowledged SMS stored once with their reply; \(missingSMS.count) missing, \(twiceSMS.count) twice, \(withoutReply.count) without a reply")
print("ussd:      \(grouped(walks.count - unsubscribed.count)) of \(grouped(walks.count)) acknowledged subscriptions stored")
print("queue:     " + stored.statuses.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: ", "))
print("broadcast: \(grouped(stored.broadcastRows)) recipients queued, \(stored.broadcastTwice) twice")
print("arrived:   \(grouped(stored.sent.count - neverArrived.count)) of \(grouped(stored.sent.count)) sent messages at the aggregator; \(duplicates.count) arrived twice, all sent again after a kill (attempts >= 2): \(unexplained.isEmpty ? "yes" : "NO")")
print("wal:       largest \(mebibytes(largestWAL.load(ordering: .relaxed)))")
if soak {
    // From the first minute on: the soak begins holding what the capacity burst allocated,
    // which the daemon gives back within a minute; both are printed.
    let all = rssSamples.withLock { $0 }.filter { $0.kib > 0 }
    let samples = all.filter { $0.at >= loadStart + 60 }
    if let begun = all.first, let first = samples.first, let last = samples.last {
        let middle = samples[samples.count / 2]
        let spread = Double(samples.map(\.kib).max()! - samples.map(\.kib).min()!) / Double(first.kib) * 100
        print(String(format: "rss:       %.1f MiB as the soak began; from minute 1 on: start %.1f MiB, middle %.1f MiB, end %.1f MiB (max - min = %.1f %% of the start)",
            Double(begun.kib) / 1_024, Double(first.kib) / 1_024, Double(middle.kib) / 1_024, Double(last.kib) / 1_024, spread))
    }
    print(String(format: "drain:     %.1f s after the load stopped until every message was sent", drainSeconds))
    // Per minute: latency as the load saw it, then in the daemon (from its histogram, so
    // a bucket's bound), memory (all of it, SQLite's share), and CPU in % of one core.
    print("per minute: requests, p50 and p99 at the load, p99 in the daemon and its share over 10 ms, RSS, the C heap in use of what it holds, SQLite's part, CPU of daemon/aggregator/load, and how long the daemon's threads waited for a CPU per second")
    let minutes = await readings.value
    if let first = minutes.first {
        print(String(format: "minute  0: rss %.1f MiB, heap %.1f of %.1f MiB, sqlite %.1f MiB", Double(first.rssKiB) / 1_024,
            first.heapInUse / 1_048_576, first.heapHeld / 1_048_576, first.sqliteBytes / 1_048_576))
    }
    for (minute, (start, end)) in zip(minutes, minutes.dropFirst()).enumerated() {
        let window = latencies.filter { $0.at >= start.at && $0.at < end.at }.map(\.seconds).sorted()
        guard !window.isEmpty else { continue }
        let counts = end.buckets.reduce(into: [Double: Double]()) { $0[$1.key] = $1.value - (start.buckets[$1.key] ?? 0) }
        let total = counts[.infinity] ?? 0
        let daemonP99 = counts.keys.sorted().first { (counts[$0] ?? 0) >= total * 0.99 } ?? .infinity
        let over10 = total > 0 ? (1 - (counts[0.01] ?? 0) / total) * 100 : 0
        let seconds = end.at - start.at
        // Linux counts 100 ticks a second: ticks per second are % of one core.
        let cpu = zip(end.ticks, start.ticks).map { String(format: "%.0f", Double($0 - $1) / seconds) }.joined(separator: "/")
        print(String(format: "minute %2d: %6d, p50 %.1f ms, p99 %.1f ms; daemon p99 <= %@ ms, %.1f %% over 10 ms; rss %.1f MiB, heap %.1f of %.1f MiB, sqlite %.1f MiB; cpu %@ %%; waited %.0f ms/s",
            minute + 1, window.count, window[window.count / 2] * 1_000, window[min(window.count - 1, Int(Double(window.count) * 0.99))] * 1_000,
            daemonP99.isFinite ? String(format: "%g", daemonP99 * 1_000) : "inf", over10,
            Double(end.rssKiB) / 1_024, end.heapInUse / 1_048_576, end.heapHeld / 1_048_576, end.sqliteBytes / 1_048_576, cpu, (end.waitedForCPU - start.waitedForCPU) / seconds / 1e6))
    }
}
for problem in problems { print("LOST:      \(problem)") }
print(problems.isEmpty ? "verdict:   nothing lost" : "verdict:   \(problems.count) problem(s)")
try await client.shutdown().get()
exit(problems.isEmpty ? 0 : 1)
