import ArgumentParser
import Foundation
import TamaCore
import TamaMenus
import TamaStore

struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers",
        abstract: "Import and export contact lists (CSV).",
        subcommands: [Import.self, Export.self, Forget.self]
    )

    /// Where the daemon keeps its data; the daemon may be running (WAL lets both work).
    struct Location: ParsableArguments {
        @Option(help: "The SQLite database file (default: TAMA_DATABASE, else tama.sqlite).")
        var database: String?

        var databasePath: String {
            database ?? ProcessInfo.processInfo.environment["TAMA_DATABASE"] ?? "tama.sqlite"
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update subscribers from a CSV file; prints every rejected row and why.",
            discussion: """
                Columns (any order, header names in English or French): phone, name, language, commune, \
                tags (separated by |), consent (a date), source. Separator , or ;. Importing the same file \
                again updates, and never lifts a STOP or an unsubscription.
                """
        )

        @Argument(help: "The CSV file.")
        var path: String

        @OptionGroup var location: Location

        @Option(help: "The menus, whose languages the language column may use (default: TAMA_MENUS, else Menus).")
        var menus: String?

        @Option(help: "Calling code for numbers written without one (default: TAMA_DEFAULT_COUNTRY, else 223, Mali).")
        var defaultCountry: String?

        @Option(help: "Also subscribe every imported number to this campaign (unless it left it before).")
        var campaign: String?

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let catalog = try loadMenus(menus ?? environment["TAMA_MENUS"] ?? "Menus", format: ScreenFormat())
            let languages = catalog.languages
            let file = SubscriberFile(
                path: path, defaultCountry: defaultCountry ?? environment["TAMA_DEFAULT_COUNTRY"] ?? "223", languages: languages,
                campaign: campaign
            )
            let database = try AppDatabase.open(path: location.databasePath)
            let list: SubscriberFile.Report
            let progress = TerminalProgress()
            let start = Date()
            func show(_ rows: Int, _ rejected: Int, force: Bool = false) {
                let rate = Double(rows) / max(Date().timeIntervalSince(start), 0.001)
                progress.show("\(rows) rows read, \(Int(rate)) rows/s, \(rejected) rejected so far", force: force)
            }
            do {
                list = try await file.import(into: database, at: start) { report, rejected in show(report.rowsRead, rejected) }
            } catch let failure as SubscriberFile.Failure {
                progress.end()
                throw ValidationError("\(failure)")
            }
            show(list.rowsRead, list.rejections.count, force: true)
            progress.end()
            for column in list.ignoredColumns { print("note: column '\(column)' is not one Tama knows; ignored") }
            for rejection in list.rejections { print("\(path):\(rejection.line): \(rejection.reason)") }
            let erased = list.counts.erased > 0 ? ", \(list.counts.erased) left out (erased on request)" : ""
            print("\(list.counts.added) added, \(list.counts.updated) updated, \(list.rejections.count) rejected\(erased)")
            if !list.rejections.isEmpty { throw ExitCode(2) }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person on their request: subscriber, subscriptions, answers, inbound texts, sessions, the link to their questions.",
            discussion: """
                Their queued messages are cancelled and every message's recipient blanked; their questions stay, \
                anonymous. A contact list imported later leaves the number out. The audit log records the erasure.
                """
        )

        @Argument(help: "The phone number, international or national (in --default-country).")
        var phone: String

        @OptionGroup var location: Location

        @Option(help: "Calling code for a number written without one (default: TAMA_DEFAULT_COUNTRY, else 223, Mali).")
        var defaultCountry: String?

        func run() async throws {
            let country = defaultCountry ?? ProcessInfo.processInfo.environment["TAMA_DEFAULT_COUNTRY"] ?? "223"
            guard let number = PhoneNumber(phone, defaultCountry: country) else { throw ValidationError("'\(phone)' is not a phone number") }
            let database = try AppDatabase.open(path: location.databasePath)
            let erasure = try await database.erase(number, actor: "cli", role: nil, at: Date())
            guard erasure.found else {
                print("Tama knew nothing of \(number.masked); it stays out of future imports.")
                return
            }
            print(
                "\(number.masked) erased: \(erasure.inboundMessages) inbound message(s), \(erasure.sessions) session(s), "
                    + "\(erasure.cancelledMessages) queued message(s) cancelled, \(erasure.questionsUnlinked) question(s) no longer linked"
            )
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every subscriber as CSV.")

        @OptionGroup var location: Location

        @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
        var output: String?

        @Option(help: "The field separator: , or ; (French spreadsheets open ; directly).")
        var separator: String = ","

        func validate() throws {
            guard separator == "," || separator == ";" else { throw ValidationError("--separator is , or ;") }
        }

        func run() async throws {
            let database = try AppDatabase.open(path: location.databasePath)
            let handle: FileHandle
            if let output {
                _ = FileManager.default.createFile(atPath: output, contents: nil)
                guard let file = FileHandle(forWritingAtPath: output) else { throw ValidationError("cannot write \(output)") }
                handle = file
            } else {
                handle = FileHandle.standardOutput
            }
            try await database.exportSubscribers(separator: Character(separator)) { line in
                try handle.write(contentsOf: Data((line + "\r\n").utf8))
            }
            try handle.close()
        }
    }
}
