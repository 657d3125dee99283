import Foundation
import Logging
import TamaCore
import TamaDispatch
import TamaStore
import TamaTestSupport

// scripts/bench broadcast: import a contact list of N (1,000,000) subscribers from CSV,
// then fan a broadcast out to all of them, on a SQLite file in WAL mode.

let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000
let folder = try TemporaryDatabase()
let csvPath = folder.folder.appendingPathComponent("contacts.csv").path

// A realistic sheet: French headers, national numbers, three languages, five communes, tags.
let communes = ["Kayes", "Nioro du Sahel", "Yélimané", "Diéma", "Bafoulabé"]
let languages = ["fr", "bm", "bm", "fr", ""]
_ = FileManager.default.createFile(atPath: csvPath, contents: nil)
let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
var chunk = "Téléphone;Nom;Langue;Commune;Étiquettes\n"
for n in 0..<count {
    chunk += "7\(String(format: "%07d", n));Abonné \(n);\(languages[n % 5]);\(communes[n % 5]);\(n % 3 == 0 ? "jeunes|radio" : "radio")\n"
    if chunk.utf8.count > 1 << 20 {
        try writer.write(contentsOf: Data(chunk.utf8))
        chunk = ""
    }
}
try writer.write(contentsOf: Data(chunk.utf8))
try writer.close()

let database = try folder.open()
let importStart = Date()
let report = try await SubscriberFile(path: csvPath, defaultCountry: "223", languages: ["fr", "bm"], campaign: "engageons-nous")
    .import(into: database, at: Date())
let importSeconds = Date().timeIntervalSince(importStart)

let now = Date()
let draft = BroadcastDraft(
    name: "Bench", campaign: "engageons-nous", audience: Audience(),
    texts: ["fr": "Réunion publique samedi à 10h à la mairie.", "bm": "Ɲɔgɔnye sibiridon 10h meriso la."], fallback: "fr"
)
let id = try await database.createBroadcast(draft, route: "africastalking", actor: "bench", role: nil, at: now)
var logger = Logger(label: "bench")
logger.logLevel = .warning
let fanout = BroadcastFanout(database: database, logger: logger, ttl: 86_400, clock: DispatchClock(now: { now }, sleep: { _ in }))
let fanoutStart = Date()
try await fanout.pass()
let fanoutSeconds = Date().timeIntervalSince(fanoutStart)
let queued = try await database.progress(broadcast: id).queued

// The preview's count of recipients already at today's cap, over the whole audience.
let capStart = Date()
let atCap = try await database.recipientsAtDailyCap(draft.audience, campaign: draft.campaign, fallback: "fr", cap: 3, dayStart: now.addingTimeInterval(-86_400))
let capSeconds = Date().timeIntervalSince(capStart)

/// The process's peak resident memory, from the kernel (VmHWM), in MiB.
func peakMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func verdict(_ met: Bool) -> String { met ? "met" : "MISSED" }
let importRate = Double(report.rowsRead) / importSeconds
let fanoutRate = Double(queued) / fanoutSeconds
let peak = peakMiB()
print("import:   \(report.rowsRead) rows in \(String(format: "%.2f", importSeconds)) s = \(Int(importRate)) rows/s (\(report.counts.added) added, \(report.rejections.count) rejected)")
print("fan-out:  \(queued) messages queued in \(String(format: "%.2f", fanoutSeconds)) s = \(Int(fanoutRate)) rows/s")
print("preview:  recipients at today's cap counted in \(String(format: "%.2f", capSeconds)) s (\(atCap) at the cap)")
print("peak RSS: \(String(format: "%.1f", peak)) MiB")
print("targets: fan-out >= 200000 rows/s: \(verdict(fanoutRate >= 200_000)); peak RSS <= 150 MB: \(verdict(peak * 1.048576 <= 150))")
// The database takes hundreds of megabytes: it goes with the run.
try? FileManager.default.removeItem(at: folder.folder)
if queued != count || report.counts.added != count { print("error: expected \(count) subscribers and messages"); exit(1) }
