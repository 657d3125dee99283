import Hummingbird
import NIOCore
import TamaAggregators

/// Reading an aggregator's form body within the limits every webhook shares.
enum WebhookRequest {
    /// Far above any real callback (a few hundred bytes), far below what could hurt.
    static let bodyLimit = 64 * 1024

    static func form(_ request: Request) async throws -> [String: String] {
        let contentType = request.headers[.contentType]
        let mediaType = contentType?.split(separator: ";").first?.filter { $0 != " " && $0 != "\t" }.lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw WebhookError.notForm(contentType: contentType)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            throw WebhookError.tooLarge(limit: bodyLimit)
        }
        return try FormEncoding.decode(String(buffer: body))
    }
}
