import Hummingbird
import TamaAggregators

/// A refused webhook is a 400 whose body is the reason in plain text, for whoever reads
/// the aggregator's delivery log.
extension WebhookError: HTTPResponseError {
    public var status: HTTPResponse.Status { .badRequest }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: description + "\n"))
        )
    }
}
