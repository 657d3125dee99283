import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// Every refusal Tama answers, as JSON `{"error": …, "reason": …}` (with `problems` when
/// there are several), so scripts, aggregators' logs and people can read why.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let reason: String
    var problems: [String]? = nil
    var headers: HTTPFields = [:]

    static func unauthorized(_ reason: String) -> APIError { APIError(status: .unauthorized, reason: reason, headers: [.wwwAuthenticate: "Bearer"]) }
    static func forbidden(_ role: Role, _ permission: Permission) -> APIError {
        APIError(status: .forbidden, reason: "a \(role.rawValue) token cannot \(permission.rawValue)")
    }
    static func forbidden(_ reason: String) -> APIError { APIError(status: .forbidden, reason: reason) }
    static func badRequest(_ reason: String) -> APIError { APIError(status: .badRequest, reason: reason) }
    static func notFound(_ reason: String) -> APIError { APIError(status: .notFound, reason: reason) }
    static func conflict(_ reason: String) -> APIError { APIError(status: .conflict, reason: reason) }
    /// The database cannot take the request now (its disk full, or busy too long): a
    /// 503, so an aggregator sends the webhook again later, as it does for any 5xx.
    static func unavailable(_ error: any Error) -> APIError {
        APIError(
            status: .serviceUnavailable, reason: "Tama cannot store this now (\(AppDatabase.reason(error))); nothing was kept, send it again later",
            headers: [.retryAfter: "30"]
        )
    }
    static func unprocessable(_ problems: [String]) -> APIError {
        APIError(status: .unprocessableContent, reason: problems.joined(separator: "; "), problems: problems)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: Any] = ["error": status.reasonPhrase, "reason": reason]
        if let problems { object["problems"] = problems }
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
