import Hummingbird
import Logging
import TamaAggregators
import TamaStore

/// Turns every error a route throws into an ``APIError``, so each error response carries
/// a JSON reason. An error nobody expected is logged at error level with the request's
/// id (the one Hummingbird put in the logger's metadata, or a new one), and the answer
/// names that id without saying what failed inside.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = TamaRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let denied as AccessDenied {
            throw APIError.forbidden(denied.role, denied.permission)
        } catch let error as WebhookError {
            throw APIError.badRequest(error.description)
        } catch let error as HTTPError {
            throw APIError(status: error.status, reason: error.body ?? error.status.reasonPhrase.lowercased(), headers: error.headers)
        } catch where AppDatabase.isTransient(error) {
            context.logger.error("database unavailable; answered 503", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw APIError.unavailable(error)
        } catch {
            throw APIError(status: .internalServerError, reason: "something failed inside Tama; the log has it under request \(Self.log(error, request, context))")
        }
    }

    /// Logs an error nobody expected at error level and returns the request id it is under.
    static func log(_ error: any Error, _ request: Request, _ context: Context) -> String {
        let id = context.logger[metadataKey: "hb.request.id"]?.description ?? RequestID().description
        context.logger.error(
            "unexpected error", metadata: ["request": "\(id)", "error": "\(error)", "method": "\(request.method)", "path": "\(request.uri.path)"]
        )
        return id
    }
}
