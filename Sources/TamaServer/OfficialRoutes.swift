import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/officials`: the registry of elected officials citizens' questions go to. Admins.
struct OfficialRoutes {
    typealias Context = SignedInContext
    let database: AppDatabase
    let questions: CivicQuestions
    let languages: [Language]
    let defaultCountry: String
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        let officials = group.group("officials").add(middleware: RequirePermission(.manageOfficials))
        officials.get(use: list)
        officials.post(use: register)
        officials.delete(":id", use: retire)
    }

    /// An official as the API shows them to an admin.
    struct Listed: ResponseEncodable {
        var id: Int64
        var name: String
        var office: Office
        var commune: String
        var phone: String
        var languages: [String]
        /// Null: every topic.
        var topics: [String]?
        var retiredAt: String?

        init(_ registered: RegisteredOfficial) {
            let official = registered.official
            id = registered.id
            name = official.name
            office = official.office
            commune = official.commune
            phone = official.phone.e164
            languages = official.languages.map(\.rawValue)
            topics = official.topics
            retiredAt = registered.retiredAt
        }
    }

    struct Registry: ResponseEncodable {
        var officials: [Listed]
    }

    /// The fields of a sheet's row, as JSON.
    struct NewOfficial: Decodable {
        var name: String
        var office: String
        var commune: String
        var phone: String
        var languages: [String]?
        var topics: [String]?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Registry {
        let all = request.uri.queryParameters.get("all") == "true"
        return Registry(officials: try await database.officials(includingRetired: all).map(Listed.init))
    }

    @Sendable func register(_ request: Request, context: Context) async throws -> EditedResponse<Listed> {
        let new = try await decode(NewOfficial.self, request, context)
        let fields: [OfficialImport.Column: String?] = [
            .name: new.name, .office: new.office, .commune: new.commune, .phone: new.phone,
            .languages: new.languages?.joined(separator: "|"), .topics: new.topics?.joined(separator: "|"),
        ]
        var values: [OfficialImport.Column: String] = [:]
        for (column, value) in fields {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            guard value.count <= SubscriberImport.fieldLimit, !value.unicodeScalars.contains("\0") else {
                throw APIError.badRequest("\(column.rawValue) must be at most \(SubscriberImport.fieldLimit) characters, without NUL")
            }
            values[column] = value
        }
        let official: Official
        switch OfficialImport.official(values, defaultCountry: defaultCountry, questions: questions, languages: languages) {
        case .failure(let problem): throw APIError.badRequest(problem.description)
        case .success(let checked): official = checked
        }
        let counts = try await database.registerOfficials([official], actor: context.token.actor, role: context.token.role, at: now())
        guard let registered = try await database.official(phone: official.phone) else { throw APIError.notFound("the official was not kept") }
        return EditedResponse(status: counts.added > 0 ? .created : .ok, response: Listed(registered))
    }

    @Sendable func retire(_ request: Request, context: Context) async throws -> HTTPResponse.Status {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.badRequest("the official's id is a number") }
        guard try await database.retireOfficial(id: id, actor: context.token.actor, role: context.token.role, at: now()) else {
            throw APIError.notFound("there is no official \(id) in office")
        }
        return .noContent
    }
}
