import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TamaServer
import TamaStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: webhooks, menus, /health and /metrics.",
        discussion: """
            Settings come from flags, then TAMA_* environment variables, then the config file \
            (--config or TAMA_CONFIG); flags win. See README.md for every setting.
            """
    )

    @Option(help: "A YAML config file.")
    var config: String?

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080).")
    var port: String?

    @Option(help: "The SQLite database file (default tama.sqlite).")
    var database: String?

    @Option(help: "The folder of menu files (default Menus).")
    var menus: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var flags = ConfigurationValues()
        flags.set("host", host, source: "--host")
        flags.set("port", port, source: "--port")
        flags.set("database", database, source: "--database")
        flags.set("menus", menus, source: "--menus")
        let file = try (config ?? environment["TAMA_CONFIG"]).map { try ConfigurationValues.file(at: $0) } ?? ConfigurationValues()
        let configuration = try ServerConfiguration(file.overridden(by: .environment(environment)).overridden(by: flags))

        LoggingSystem.bootstrap { label in EscapingLogHandler(StreamLogHandler.standardError(label: label)) }
        var logger = Logger(label: "tama")
        logger.logLevel = logLevel
        let catalog = try loadMenus(configuration.menusPath, format: configuration.africasTalking.screen)
        let database = try AppDatabase.open(path: configuration.databasePath)
        logger.info(
            "starting",
            metadata: [
                "database": "\(configuration.databasePath)", "menus": "\(catalog.menus.map(\.service))",
                "address": "\(configuration.host):\(configuration.port)",
            ]
        )
        let app = buildApplication(configuration: configuration, database: database, catalog: catalog, logger: logger)
        try await app.runService()
        logger.info("stopped")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
