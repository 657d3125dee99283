import Foundation
import Hummingbird
import TamaStore

/// `/health` for load balancers, `/metrics` for Prometheus, and `/style.css`, the one
/// stylesheet of every page.
struct SystemRoutes<Context: RequestContext> {
    let database: AppDatabase
    let metrics: TamaMetrics
    let sessionTimeout: TimeInterval
    let now: @Sendable () -> Date

    func register(on router: Router<Context>) {
        router.get("health", use: health)
        router.get("metrics", use: prometheus)
        router.get("style.css", use: stylesheet)
    }

    @Sendable func stylesheet(_ request: Request, context: Context) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ConsoleTemplates.stylesheet))
        )
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        guard let problem = await database.unavailability() else {
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        context.logger.error("health check failed", metadata: ["problem": "\(problem)"])
        return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: problem + "\n")))
    }

    @Sendable func prometheus(_ request: Request, context: Context) async throws -> Response {
        // Open sessions are a fact of the database, read when Prometheus asks.
        let open = try await database.openSessionCount(since: now().addingTimeInterval(-sessionTimeout))
        metrics.sessionsOpen.record(open)
        metrics.recordBacklog(try await database.queueBacklog(), now: now())
        metrics.sqliteMemory.record(AppDatabase.memoryInUse)
        let heap = HeapMemory.current
        metrics.heapInUse.record(heap.inUse)
        metrics.heapHeld.record(heap.held)
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
}
