import ArgumentParser
import Foundation
import TamaCore
import TamaStore

/// `tama officials import|list|retire`: the elected officials citizens' questions go to.
struct OfficialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officials",
        abstract: "The registry of elected officials who receive citizens' questions.",
        subcommands: [Import.self, List.self, Retire.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register or update officials from a CSV file; prints every rejected row and why.",
            discussion: """
                Columns (any order, in English or French): name/nom, office/fonction (mayor, deputy-mayor, councillor, \
                deputy, other; or maire, adjoint, conseiller, député, autre), commune (an id or name of the menus' \
                questions: communes), phone/téléphone, languages/langues (fr|bm; the first is the one Tama writes in), \
                topics/sujets (ids separated by |; empty or all: every topic). Importing again updates by phone number.
                """
        )
        @Argument(help: "The CSV file.") var path: String
        @OptionGroup var location: SubscribersCommand.Location
        @Option(help: "The menus, whose communes, topics and languages the sheet may use (default: TAMA_MENUS, else Menus).")
        var menus: String?
        @Option(help: "Calling code for numbers written without one (default: TAMA_DEFAULT_COUNTRY, else 223, Mali).")
        var defaultCountry: String?

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let catalog = try loadMenus(menus ?? environment["TAMA_MENUS"] ?? "Menus", format: ScreenFormat())
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read \(path) as UTF-8 text: save the sheet as 'CSV UTF-8'")
            }
            let sheet: OfficialImport
            do {
                sheet = try OfficialImport(
                    csv: text, defaultCountry: defaultCountry ?? environment["TAMA_DEFAULT_COUNTRY"] ?? "223", questions: catalog.questions,
                    languages: catalog.languages
                )
            } catch {
                throw ValidationError("\(path): \(error)")
            }
            let counts = try await AppDatabase.open(path: location.databasePath).registerOfficials(sheet.officials, actor: "cli", role: nil, at: Date())
            for column in sheet.ignoredColumns { print("note: column '\(column)' is not one Tama knows; ignored") }
            for rejection in sheet.rejections { print("\(path):\(rejection.line): \(rejection.reason)") }
            print("\(counts.added) added, \(counts.updated) updated, \(sheet.rejections.count) rejected")
            if !sheet.rejections.isEmpty { throw ExitCode(2) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every official in office: id, commune, office, name, number, languages, topics.")
        @Flag(help: "Also those who left office.") var all = false
        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            for registered in try await AppDatabase.open(path: location.databasePath).officials(includingRetired: all) {
                let official = registered.official
                let columns = [
                    String(registered.id), official.commune, official.office.rawValue, official.name, official.phone.e164,
                    official.languages.map(\.rawValue).joined(separator: "|"), official.topics?.joined(separator: "|") ?? "all",
                ]
                print(columns.joined(separator: "\t") + (registered.retiredAt.map { "\tleft office \($0)" } ?? ""))
            }
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an official as having left office: no new question reaches them, their tokens stop working."
        )
        @OptionGroup var number: HostsCommand.Number
        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            let phone = try number.parsed()
            let database = try AppDatabase.open(path: location.databasePath)
            guard let official = try await database.official(phone: phone),
                try await database.retireOfficial(id: official.id, actor: "cli", role: nil, at: Date())
            else { throw ValidationError("\(phone.masked) is no official in office") }
            print("\(official.title) left office")
        }
    }
}
