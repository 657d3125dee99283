import Foundation
import Hummingbird

/// A JSON body as `type`, or a 400 that says what is wrong with it. A NUL character
/// (only ever written `\u0000` in JSON) is refused in any string: SQLite would cut the
/// text at it, and two names that differ after one would become the same.
func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: some RequestContext) async throws -> T {
    let body = try await request.body.collect(upTo: BodyDeadline.limit)
    guard String(buffer: body).range(of: "\\u0000", options: .caseInsensitive) == nil else {
        throw APIError.badRequest("the body contains a NUL character (\\u0000)")
    }
    do {
        return try JSONDecoder().decode(T.self, from: Data(buffer: body))
    } catch let DecodingError.keyNotFound(key, _) {
        throw APIError.badRequest("missing field '\(key.stringValue)'")
    } catch let DecodingError.typeMismatch(_, detail) {
        throw APIError.badRequest("field '\(detail.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
    } catch {
        throw APIError.badRequest("the body is not the JSON this route expects")
    }
}
