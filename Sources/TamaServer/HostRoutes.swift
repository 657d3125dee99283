import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/hosts`: the radio hosts' numbers, which may open, close and read a quiz by SMS.
/// Campaign teams and admins.
struct HostRoutes {
    typealias Context = SignedInContext
    let database: AppDatabase
    let service: QuizService
    let defaultCountry: String
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        let hosts = group.group().add(middleware: RequirePermission(.manageHosts))
        hosts.get("hosts", use: list)
        hosts.post("hosts", use: add)
        hosts.delete("hosts/:phone", use: remove)
    }

    struct Listed: ResponseEncodable {
        var hosts: [AppDatabase.Host]
    }

    struct NewHost: Decodable {
        var phone: String
        var name: String
        var quiz: String?
        var campaign: String?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Listed {
        Listed(hosts: try await database.hosts())
    }

    @Sendable func add(_ request: Request, context: Context) async throws -> EditedResponse<Listed> {
        let new = try await decode(NewHost.self, request, context)
        let phone = try number(new.phone)
        let name = new.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 80 else { throw APIError.badRequest("name must be 1 to 80 characters") }
        let scope: HostScope
        switch (new.quiz, new.campaign) {
        case (let quiz?, nil):
            guard (try? service.quiz(quiz)) != nil else { throw APIError.badRequest("there is no quiz '\(quiz.prefix(40))'") }
            scope = .quiz(quiz)
        case (nil, let campaign?):
            guard !campaign.isEmpty, campaign.count <= 64 else { throw APIError.badRequest("campaign must be 1 to 64 characters") }
            scope = .campaign(campaign)
        default:
            throw APIError.badRequest("give 'quiz' or 'campaign', one of the two")
        }
        try await database.addHost(phone, name: name, for: scope, actor: context.token.actor, role: context.token.role, at: now())
        return EditedResponse(status: .created, response: Listed(hosts: try await database.hosts()))
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> HTTPResponse.Status {
        let phone = try number(context.parameters.get("phone") ?? "")
        guard try await database.removeHost(phone, actor: context.token.actor, role: context.token.role, at: now()) else {
            throw APIError.notFound("\(phone.masked) is no host")
        }
        return .noContent
    }

    private func number(_ text: String) throws -> PhoneNumber {
        guard let phone = PhoneNumber(text, defaultCountry: defaultCountry) else { throw APIError.badRequest("'\(text.prefix(32))' is not a phone number") }
        return phone
    }
}

extension AppDatabase.Host: ResponseEncodable {}
