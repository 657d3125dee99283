import ArgumentParser
import TamaCore
import TamaMenus

struct MenusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menus",
        abstract: "Work with the menu files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check menu files: prints file:line: problem, exits 1 on any error (warnings exit 0)."
        )

        @Argument(help: "A folder of menu files, or one file.")
        var path: String = "Menus"

        @Option(help: "The screen limit to check against, in GSM-7 characters.")
        var screenLimit: Int = ScreenFormat().limit

        func run() throws {
            let folder = MenuFolder.load(path, format: ScreenFormat(limit: screenLimit))
            for diagnostic in folder.diagnostics {
                print(diagnostic)
            }
            let errors = folder.diagnostics.filter { $0.severity == .error }.count
            let warnings = folder.diagnostics.count - errors
            print("\(folder.menus.count) menu(s), \(errors) error(s), \(warnings) warning(s)")
            if errors > 0 { throw ExitCode.failure }
        }
    }
}
