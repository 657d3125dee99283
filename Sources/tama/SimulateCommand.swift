import ArgumentParser
import Foundation
import Logging
import TamaAggregators
import TamaCore
import TamaServer
import TamaStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "A terminal phone: dial a USSD code and walk the menu with the keyboard.",
        discussion: """
            Without --server, the menus run in this process on a database in memory, so a \
            menu can be tried before it goes live. With --server, the phone speaks Africa's \
            Talking's callback format to a running daemon.
            """
    )

    @Argument(help: "The code to dial, like '*384*77#' (quote it: # starts a shell comment).")
    var code: String

    @Option(help: "The caller's number.")
    var phone: String = "+22376000000"

    @Option(help: "A running daemon's base URL, like http://127.0.0.1:8080.")
    var server: String?

    @Option(help: "The callback secret of that daemon (default: TAMA_AFRICASTALKING_CALLBACK_SECRET).")
    var secret: String?

    @Option(help: "The menus to run in-process.")
    var menus: String = "Menus"

    func run() async throws {
        guard let caller = PhoneNumber(phone) else {
            throw ValidationError("'\(phone)' is not an international phone number, like +22376000000")
        }
        let phone = TerminalPhone(dial: code, phone: caller, send: try transport())
        try await phone.run()
    }

    private func transport() throws -> TerminalPhone.Transport {
        if let server {
            guard let secret = secret ?? ProcessInfo.processInfo.environment["TAMA_AFRICASTALKING_CALLBACK_SECRET"],
                let url = URL(string: server)?.appendingPathComponent("ussd/africastalking/\(secret)")
            else {
                throw ValidationError("--server needs the daemon's callback secret: --secret or TAMA_AFRICASTALKING_CALLBACK_SECRET")
            }
            return { hop in try await Self.post(hop, to: url) }
        }
        let defaults = ServerConfiguration()
        let catalog = try loadMenus(menus, format: defaults.africasTalking.screen)
        var logger = Logger(label: "tama.simulate")
        logger.logLevel = .warning
        let service = USSDService(configuration: defaults, catalog: catalog, database: try AppDatabase.inMemory())
        return { [logger] hop in await service.handle(hop, logger: logger) }
    }

    private static func post(_ hop: USSDHop, to url: URL) async throws -> Reply {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(AfricasTalkingUSSD.form(for: hop).utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = String(decoding: data, as: UTF8.self)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 {
            throw ValidationError("the server answered 404: is --secret the daemon's callback secret?")
        }
        guard status == 200, let reply = AfricasTalkingUSSD.reply(fromBody: body) else {
            throw ValidationError("the server answered \(status): \(body)")
        }
        return reply
    }
}
