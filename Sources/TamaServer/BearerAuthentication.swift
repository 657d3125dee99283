import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// Reads `Authorization: Bearer …` on the admin API and attaches the live token it names.
/// A missing or unknown token is a 401 here; what the role may do is each group's
/// ``RequirePermission``.
struct BearerAuthentication: RouterMiddleware {
    typealias Context = TamaRequestContext
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
