import Foundation
import TamaCore
import TamaMenus
import TamaStore

// `scripts/bench store`: the hop transaction alone (engine and SQLite, no HTTP), so the
// store's capacity can be told apart from the server's. Every task walks the shipped menu
// as new callers, the same 14 hops as the HTTP benchmark, on a fresh database file. Then
// the SMS responder alone, the work the daemon does behind each inbound SMS's webhook.

guard let menu = MenuFolder.load("Menus").catalog?.menus.first else {
    fatalError("run from the repository root: the menus in Menus/ must load")
}
let engine = MenuEngine(menu: menu)
let question = "Le forage de Kayes est en panne depuis 3 mois"
let sessions = [
    ["", "1", "1*1", "1*1*2", "1*1*2*1", "1*1*2*1*3"],
    ["", "2"],
    ["", "3", "3*1", "3*1*1", "3*1*1*1", "3*1*1*1*" + question],
]
let walksPerTask = 150

/// A fresh database file in `folder`, with the shipped quiz's questions open as a host
/// opens them on air, so the walks and messages answer them.
func openDatabase(in folder: URL) async throws -> AppDatabase {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let database = try AppDatabase.open(path: folder.appendingPathComponent("tama.sqlite").path)
    for question in ["q1", "q2", "q3"] {
        try await database.setState(.open, of: question, in: "civisme-2026", actor: "bench", role: nil, at: Date())
    }
    return database
}

/// The process's CPU time so far (user and system), in seconds: on a machine shared with
/// other work, CPU per hop varies far less than hops per second.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

for concurrency in [1, 16] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tama-bench-store-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = try await openDatabase(in: folder)

    let cpu = cpuSeconds()
    let elapsed = try await ContinuousClock().measure {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<concurrency {
                group.addTask {
                    for walk in 0..<walksPerTask {
                        let phone = PhoneNumber("+2237" + String(format: "%02d%05d", task, walk))!
                        for (number, texts) in sessions.enumerated() {
                            for text in texts {
                                let hop = USSDHop(
                                    aggregator: "bench", sessionID: "\(task)_\(walk)_\(number)", serviceCode: "*384*77#",
                                    phone: phone, network: nil, text: text
                                )
                                let step = try await database.applyHop(hop, at: Date()) { engine.step($0, $1) }
                                if step.kind == .repeated { fatalError("walk \(walk) of task \(task) went astray at '\(text)': \(step)") }
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
    let hops = concurrency * walksPerTask * sessions.joined().count
    let cpuPerHop = (cpuSeconds() - cpu) / Double(hops) * 1e6
    print(
        String(
            format: "%2d concurrent callers: %6.0f hops/s, %5.1f µs CPU per hop (%d hops in %.2f s)", concurrency, Double(hops) / seconds(elapsed),
            cpuPerHop, hops, seconds(elapsed)
        )
    )
}

// The SMS responder alone: messages accepted first, then answered a hundred per
// transaction as the daemon's worker does, so its capacity can be compared with the webhook's.
let texts = ["JOIN", "B", "Q2 A", "Q " + question, "bonjour", "STOP"]
guard let catalog = MenuFolder.load("Menus").catalog else { fatalError("the menus in Menus/ must load") }
let responder = SMSResponder(catalog: catalog)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tama-bench-store-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let database = try await openDatabase(in: folder)
let messages = 60_000
for n in 0..<messages {
    let sms = InboundSMS(
        route: "bench", externalId: "bench-\(n)", phone: PhoneNumber("+2237" + String(format: "%07d", n % 20_000))!,
        recipient: "384", text: texts[n % texts.count], network: nil
    )
    _ = try await database.accept(sms, at: Date())
}
var answered = 0
let elapsed = try await ContinuousClock().measure {
    while true {
        let batch = try await database.respondToAccepted(limit: 100, replyTTL: 3600, replyRoute: { $0 }) { sms, context in
            responder.respond(to: sms.text, context: context)
        }
        if batch.isEmpty { break }
        answered += batch.count
    }
}
print(
    String(
        format: "SMS responder: %6.0f messages/s (%d accepted messages answered in batches of 100, as the daemon does, in %.2f s)",
        Double(answered) / seconds(elapsed), answered, seconds(elapsed)
    )
)
