import ArgumentParser
import Foundation
import TamaCore
import TamaServer
import TamaStore

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke admin API tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token for a role; it is printed once and only its hash is kept."
        )

        @Option(help: "admin, campaign, host or official.")
        var role: String

        @Option(help: "Who or what the token is for (a name the audit log shows).")
        var label: String

        @Option(help: "For role official: the official's registered phone number; the token sees their questions only.")
        var official: String?

        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role is one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard (role == .official) == (official != nil) else { throw ValidationError("--official goes with --role official, and only with it") }
            let secret = TokenSecret.generate()
            let database = try AppDatabase.open(path: location.databasePath)
            var officialID: Int64?
            if let official {
                guard let phone = PhoneNumber(official, defaultCountry: ProcessInfo.processInfo.environment["TAMA_DEFAULT_COUNTRY"] ?? "223"),
                    let registered = try await database.official(phone: phone), registered.retiredAt == nil
                else { throw ValidationError("\(official) is no official in office; register them with tama officials import") }
                officialID = registered.id
            }
            let token = try await database.createToken(
                label: label, role: role, hash: TokenSecret.hash(secret), official: officialID, actor: "cli", at: Date()
            )
            print(secret)
            FileHandle.standardError.write(Data("token \(token.id) (\(role.rawValue), \(label)): keep it now, it is not shown again\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            for token in try await AppDatabase.open(path: location.databasePath).tokens() {
                print("\(token.id)\t\(token.role.rawValue)\t\(token.label)\tcreated \(token.createdAt)\(token.revokedAt.map { "\trevoked \($0)" } ?? "")")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id; it stops working at once.")

        @Argument var id: Int64

        @OptionGroup var location: SubscribersCommand.Location

        func run() async throws {
            guard try await AppDatabase.open(path: location.databasePath).revokeToken(id: id, actor: "cli", at: Date()) else {
                throw ValidationError("no live token \(id)")
            }
            print("token \(id) revoked")
        }
    }
}
