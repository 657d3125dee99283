import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// Request contexts that can carry the token a request was made with.
public protocol AuthenticatedRequestContext: RemoteAddressRequestContext {
    var token: APIToken? { get set }
}

extension AuthenticatedRequestContext {
    /// The caller's token if its role allows `permission`; a 401 or 403 with the reason otherwise.
    func require(_ permission: Permission) throws -> APIToken {
        guard let token else { throw APIError.unauthorized("send the API token as 'Authorization: Bearer tama_…'") }
        guard token.role.allows(permission) else { throw APIError.forbidden(token.role, permission) }
        return token
    }

    /// How the audit log names the caller.
    var actor: String { token?.actor ?? "anonymous" }
}

/// Reads `Authorization: Bearer …` on the admin API and attaches the live token it names.
/// A missing or unknown token is a 401 here; what the role may do is each route's check.
struct BearerAuthentication<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let database: AppDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.unauthorized("send the API token as 'Authorization: Bearer tama_…'")
        }
        let secret = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let token = try await database.token(hash: TokenSecret.hash(secret)) else {
            context.logger.warning("API call with an unknown or revoked token", metadata: ["from": "\(context.remoteAddress.map { "\($0)" } ?? "unknown")"])
            throw APIError.unauthorized("this token is unknown or revoked")
        }
        var context = context
        context.token = token
        return try await next(request, context)
    }
}
