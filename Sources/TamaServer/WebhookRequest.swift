import Foundation
import Hummingbird
import NIOCore
import TamaAggregators

/// Reading an aggregator's form body within the limits every webhook shares.
enum WebhookRequest {
    /// Far above any real callback (a few hundred bytes), far below what could hurt.
    static let bodyLimit = 64 * 1024

    /// The form's fields, each name's first value.
    static func form(_ request: Request) async throws -> [String: String] {
        try FormEncoding.decode(try await body(request))
    }

    /// The raw body and every value of every field: what Twilio's signature covers.
    static func signedForm(_ request: Request) async throws -> (body: String, fields: [String: [String]]) {
        let body = try await body(request)
        return (body, try FormEncoding.decodeAll(body))
    }

    private static func body(_ request: Request) async throws -> String {
        let contentType = request.headers[.contentType]
        let mediaType = contentType?.split(separator: ";").first?.filter { $0 != " " && $0 != "\t" }.lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw WebhookError.notForm(contentType: contentType)
        }
        do {
            return String(buffer: try await request.body.collect(upTo: bodyLimit))
        } catch is NIOTooManyBytesError {
            throw WebhookError.tooLarge(limit: bodyLimit)
        }
    }
}
