import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/me`, `/api/v1/tokens` and `/api/v1/audit`: who is calling, the tokens (admin
/// only) and the audit log of every change (admin only).
struct AccessRoutes {
    typealias Context = SignedInContext
    let database: AppDatabase
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        group.get("me", use: me)
        let admin = group.group().add(middleware: RequirePermission(.manageTokens))
        admin.get("tokens", use: list)
        admin.post("tokens", use: create)
        admin.delete("tokens/:id", use: revoke)
        admin.get("audit", use: audit)
    }

    struct Me: ResponseEncodable {
        var id: Int64
        var label: String
        var role: Role
        var permissions: [String]
    }

    @Sendable func me(_ request: Request, context: Context) async throws -> Me {
        let token = context.token
        return Me(id: token.id, label: token.label, role: token.role, permissions: Permission.allCases.filter(token.role.allows).map(\.rawValue))
    }

    struct TokenList: ResponseEncodable {
        var tokens: [APIToken]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> TokenList {
        return TokenList(tokens: try await database.tokens())
    }

    struct NewToken: Decodable {
        var label: String
        var role: String
        /// For role `official`: the registered official's id.
        var official: Int64?
    }

    struct CreatedToken: ResponseEncodable {
        var id: Int64
        var label: String
        var role: Role
        var official: Int64?
        /// Shown once: only its hash is kept.
        var token: String
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> EditedResponse<CreatedToken> {
        let new = try await decode(NewToken.self, request, context)
        guard let role = Role(rawValue: new.role) else {
            throw APIError.badRequest("role '\(new.role)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let label = new.label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty, label.count <= 80 else { throw APIError.badRequest("label must be 1 to 80 characters") }
        let secret = TokenSecret.generate()
        let token: APIToken
        do {
            token = try await database.createToken(
                label: label, role: role, hash: TokenSecret.hash(secret), official: new.official, actor: context.token.actor,
                actorRole: context.token.role, at: now()
            )
        } catch let problem as AccessProblem {
            throw APIError.badRequest(problem.description)
        }
        return EditedResponse(
            status: .created, response: CreatedToken(id: token.id, label: token.label, role: token.role, official: token.official, token: secret)
        )
    }

    @Sendable func revoke(_ request: Request, context: Context) async throws -> HTTPResponse.Status {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.badRequest("the token id is a number") }
        guard try await database.revokeToken(id: id, actor: context.token.actor, actorRole: context.token.role, at: now()) else {
            throw APIError.notFound("no live token \(id)")
        }
        return .noContent
    }

    struct AuditPage: ResponseEncodable {
        var lines: [AppDatabase.AuditLine]
    }

    @Sendable func audit(_ request: Request, context: Context) async throws -> AuditPage {
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 1_000)
        return AuditPage(lines: try await database.auditLog(limit: limit))
    }
}

extension AppDatabase.AuditLine: ResponseEncodable {}
