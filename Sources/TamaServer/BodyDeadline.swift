import Hummingbird
import NIOCore

/// Reads each request's whole body before its route runs, within a size limit and a
/// time limit: a client that sends headers and then a byte now and then cannot hold a
/// connection and a handler for as long as it likes. Routes then read the body from
/// memory, each under its own smaller limit.
struct BodyDeadline: RouterMiddleware {
    typealias Context = TamaRequestContext
    /// The largest body any route takes (the admin API's JSON).
    static let limit = 1 << 20
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = request.body
        let buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: Self.limit)
                } catch is NIOTooManyBytesError {
                    throw APIError(status: .contentTooLarge, reason: "the body is over \(Self.limit / 1024) KiB", headers: [.connection: "close"])
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw APIError(
                    status: .requestTimeout, reason: "the request body did not arrive within \(timeout.components.seconds) s",
                    headers: [.connection: "close"]
                )
            }
            return buffer
        }
        request.body = RequestBody(buffer: buffer)
        return try await next(request, context)
    }
}
