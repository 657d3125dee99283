import Foundation
import Hummingbird
import TamaCore

/// A refusal of the admin API, answered as JSON `{"error": …, "reason": …}` so scripts
/// and the console can show the reason.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let reason: String

    static func unauthorized(_ reason: String) -> APIError { APIError(status: .unauthorized, reason: reason) }
    static func forbidden(_ role: Role, _ permission: Permission) -> APIError {
        APIError(status: .forbidden, reason: "a \(role.rawValue) token cannot \(permission.rawValue)")
    }
    static func badRequest(_ reason: String) -> APIError { APIError(status: .badRequest, reason: reason) }
    static func notFound(_ reason: String) -> APIError { APIError(status: .notFound, reason: reason) }
    static func conflict(_ reason: String) -> APIError { APIError(status: .conflict, reason: reason) }
    static func unprocessable(_ problems: [String]) -> APIError {
        APIError(status: .unprocessableContent, reason: problems.joined(separator: "; "), problems: problems)
    }

    var problems: [String]? = nil

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: Any] = ["error": status.reasonPhrase, "reason": reason]
        if let problems { object["problems"] = problems }
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
