import Foundation
import Logging
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite(.serialized) struct BroadcastCommandTests {
    /// `tama broadcast` as a campaign team runs it: the real binary against a real daemon.
    @Test func theCommandLinePreviewsSchedulesAndCancelsThroughTheAPI() async throws {
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        try await database.importSubscribers(
            (0..<8).map { SubscriberRow(phone: PhoneNumber("+2237500000\($0)")!, language: "fr", commune: "Kayes", source: "t") },
            campaign: "engageons-nous", at: Date()
        )
        let secret = try await apiToken(database, .campaign, label: "CLI")
        let port = freePort()
        let server = try await startLive(database: database, configuration: sendingConfiguration(port: port))
        defer { server.cancel() }

        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        let environment = ["TAMA_SERVER": "http://127.0.0.1:\(port)", "TAMA_API_TOKEN": secret]
        func run(_ arguments: [String], _ name: String) throws -> (Int32, String) {
            let log = folder.folder.appendingPathComponent(name)
            let process = try startProcess(tama, ["broadcast"] + arguments, environment: environment, log: log)
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
        }
        let draft = ["--name", "Rappel", "--campaign", "engageons-nous", "--text", "fr=Rappel: réunion samedi", "--commune", "Kayes", "--at", "2030-01-01 08:00"]
        let (previewStatus, preview) = try run(["preview"] + draft, "preview.out")
        #expect(previewStatus == 0)
        #expect(preview.contains(#""recipients" : 8"#))
        let (refusedStatus, refused) = try run(["create", "--name", "Rappel", "--campaign", "engageons-nous", "--text", "fr=x", "--commune", "Tombouctou"], "refused.out")
        #expect(refusedStatus == 1 && refused.contains("error: 422: the audience is empty"))
        let (createStatus, _) = try run(["schedule"] + draft, "create.out")
        #expect(createStatus == 0)
        let (cancelStatus, cancelled) = try run(["cancel", "1"], "cancel.out")
        #expect(cancelStatus == 0 && cancelled.contains(#""status" : "cancelled""#))
        let (followStatus, followed) = try run(["show", "1", "--follow"], "follow.out")
        #expect(followStatus == 0 && followed.hasSuffix("sent · cancelled\n"), "\(followed)")
        let (againStatus, again) = try run(["resume", "1"], "again.out")
        #expect(againStatus == 1 && again.contains("broadcast 1 is cancelled; it cannot be resumed"))
        let (reportStatus, report) = try run(["report", "1"], "report.out")
        #expect(reportStatus == 0 && report.hasPrefix("phone,status,error,parts,sent_at,delivered_at"))
        #expect(try await database.broadcasts().map(\.status) == [.cancelled])
    }

    /// `tama subscribers import` on a terminal shows how far it got; `script` gives it one.
    @Test func anImportFromATerminalShowsItsProgress() async throws {
        let folder = try TemporaryDatabase()
        let csv = folder.folder.appendingPathComponent("contacts.csv")
        let rows = (0..<5_000).map { "7\(String(format: "%07d", $0)),Awa \($0)" } + ["12,Bad"]
        try (["phone,name"] + rows).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        let menus = URL(fileURLWithPath: shippedMenusPath).path
        let command = "\(tama) subscribers import \(csv.path) --database \(folder.path) --menus \(menus)"
        let log = folder.folder.appendingPathComponent("import.out")
        let process = try startProcess("/usr/bin/script", ["-qec", command, "/dev/null"], log: log)
        process.waitUntilExit()
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(process.terminationStatus == 2, "a rejected row: exit 2")
        #expect(output.contains("5000 rows read") && output.contains("rows/s, 1 rejected so far"), "\(output)")
        #expect(output.contains("5000 added, 0 updated, 1 rejected"))
    }
}
