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

    /// Past this, accepted SMS waiting for their answer mean the responder is stuck.
    static var unansweredLimit: TimeInterval { 60 }

    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        guard let problem = await unavailability() else {
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        context.logger.error("health check failed", metadata: ["problem": "\(problem)"])
        return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: problem + "\n")))
    }

    private func unavailability() async -> String? {
        if let problem = await database.unavailability() { return problem }
        guard let unanswered = try? await database.unansweredSMS(), let oldest = unanswered.oldest,
            case let age = now().timeIntervalSince(oldest), age > Self.unansweredLimit
        else { return nil }
        return "\(unanswered.waiting) SMS accepted and not answered, the oldest for \(Int(age)) s"
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
        let unanswered = try await database.unansweredSMS()
        metrics.smsUnanswered.record(unanswered.waiting)
        metrics.smsUnansweredOldest.record(unanswered.oldest.map { max(0, now().timeIntervalSince($0)) } ?? 0)
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
}
