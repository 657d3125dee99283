import Hummingbird
import NIOCore
import Synchronization

/// Reads each request's whole body before its route runs, within a size limit and a
/// time limit: a client that sends headers and then a byte now and then cannot hold a
/// connection and a handler for as long as it likes. Routes then read the body from
/// memory, each under its own smaller limit.
///
/// The time limit is a timer on the connection's event loop, not a sleeping task raced
/// against the read: a cancelled `Task.sleep` keeps its memory until its deadline would
/// have passed, so at 1,000 requests a second a 10 s limit held 10,000 sleepers at all
/// times (measured with heaptrack under `scripts/chaos --soak`).
struct BodyDeadline: RouterMiddleware {
    typealias Context = TamaRequestContext
    /// The largest body any route takes (the admin API's JSON).
    static let limit = 1 << 20
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = request.body
        let reading = Task { try await body.collect(upTo: Self.limit) }
        let expired = Atomic<Bool>(false)
        let deadline = context.eventLoop.scheduleTask(in: .init(timeout)) {
            expired.store(true, ordering: .relaxed)
            reading.cancel()
        }
        defer { deadline.cancel() }
        let buffer: ByteBuffer
        do {
            buffer = try await withTaskCancellationHandler { try await reading.value } onCancel: { reading.cancel() }
        } catch is NIOTooManyBytesError {
            throw APIError(status: .contentTooLarge, reason: "the body is over \(Self.limit / 1024) KiB", headers: [.connection: "close"])
        } catch where expired.load(ordering: .relaxed) {
            throw APIError(
                status: .requestTimeout, reason: "the request body did not arrive within \(timeout.components.seconds) s",
                headers: [.connection: "close"]
            )
        }
        request.body = RequestBody(buffer: buffer)
        return try await next(request, context)
    }
}
