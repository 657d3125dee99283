import ArgumentParser
import Foundation
import TamaCore
import TamaStore

/// `tama hosts add|list|remove`: the radio hosts' numbers, which may open, close and read
/// a quiz by SMS (`OUVRIR 2`, `FERMER 2`, `RESULTATS`).
struct HostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Register the radio hosts' numbers for a quiz or a campaign.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Number: ParsableArguments {
        @Argument(help: "The host's phone number, international or national (in TAMA_DEFAULT_COUNTRY, else 223).")
        var phone: String

        func parsed() throws -> PhoneNumber {
            guard let number = PhoneNumber(phone, defaultCountry: ProcessInfo.processInfo.environment["TAMA_DEFAULT_COUNTRY"] ?? "223") else {
                throw ValidationError("'\(phone)' is not a phone number")
            }
            return number
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a host for one quiz, or for every quiz of a campaign.")
        @OptionGroup var number: Number
        @Option(help: "The host's name, as the audit log shows it.") var name: String
        @Option(help: "The quiz they host.") var quiz: String?
        @Option(help: "The campaign whose quizzes they host.") var campaign: String?
        @OptionGroup var location: SubscribersCommand.Location

        func validate() throws {
            guard (quiz == nil) != (campaign == nil) else { throw ValidationError("give --quiz or --campaign, one of the two") }
        }

        func run() async throws {
            let phone = try number.parsed()
            let database = try AppDatabase.open(path: location.databasePath)
            try await database.addHost(phone, name: name, for: quiz.map(HostScope.quiz) ?? .campaign(campaign!), actor: "cli", role: nil, at: Date())
            print("\(phone.masked) hosts \(quiz.map { "quiz \($0)" } ?? "the quizzes of \(campaign!)")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every host: number, name, what they host.")
        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            for host in try await AppDatabase.open(path: location.databasePath).hosts() {
                print("\(host.phone)\t\(host.name)\t\(host.quiz.map { "quiz \($0)" } ?? "campaign \(host.campaign ?? "")")")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unregister a host's number everywhere.")
        @OptionGroup var number: Number
        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            let phone = try number.parsed()
            guard try await AppDatabase.open(path: location.databasePath).removeHost(phone, actor: "cli", role: nil, at: Date()) else {
                throw ValidationError("\(phone.masked) is no host")
            }
            print("\(phone.masked) is no longer a host")
        }
    }
}
