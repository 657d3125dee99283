import Foundation
import TamaCore
import TamaMenus
import TamaStore

// `scripts/bench store`: the hop transaction alone (engine and SQLite, no HTTP), so the
// store's capacity can be told apart from the server's. Every task walks the shipped menu
// as new callers, the same 14 hops as the HTTP benchmark, on a fresh database file.

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

for concurrency in [1, 16] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tama-bench-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = try AppDatabase.open(path: folder.appendingPathComponent("tama.sqlite").path)

    let clock = ContinuousClock()
    let elapsed = try await clock.measure {
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
                                precondition(step.kind != .repeated, "walk \(walk) of task \(task) went astray at '\(text)'")
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
    let hops = concurrency * walksPerTask * sessions.joined().count
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "%2d concurrent callers: %6.0f hops/s (%d hops in %.2f s)", concurrency, Double(hops) / seconds, hops, seconds))
}
