import GRDB
import Hummingbird
import TamaAggregators
@_spi(Benchmarks) import TamaStore

// The yardsticks of `scripts/bench ussd`, on the callback route.
//
// `tama-bench-bare-route PORT`: Hummingbird answering a constant, no parsing and no
// database, so the benchmark can say what share of the framework's rate Tama keeps.
//
// `tama-bench-bare-route PORT DATABASE`: the least any durable USSD route must do. It reads
// the callback's form and commits one row (the session id and the text) before answering,
// through the same group commit and SQLite settings as Tama's hops. No hop can cost less,
// so its rate is the ceiling of the share above on this machine.
let arguments = CommandLine.arguments.dropFirst()
let port = arguments.first.flatMap(Int.init) ?? 18081
let screen = "CON Bienvenue\n1. Quiz\n2. S'abonner"
let router = Router()
if let path = arguments.dropFirst().first {
    let database = try AppDatabase.open(path: path)
    try database.benchmarkWriter.write { db in
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS benchHop (sessionId TEXT PRIMARY KEY, text TEXT NOT NULL)")
    }
    let commits = GroupCommit(writer: database.benchmarkWriter)
    router.post("ussd/africastalking/:secret") { request, _ in
        let form = try FormEncoding.decode(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        try await commits.perform { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO benchHop (sessionId, text) VALUES (?, ?)")
                .execute(arguments: [form["sessionId"], form["text"] ?? ""])
        }
        return screen
    }
} else {
    router.post("ussd/africastalking/:secret") { _, _ in screen }
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
