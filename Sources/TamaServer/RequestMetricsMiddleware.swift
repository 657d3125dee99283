import Hummingbird

/// Counts requests by method, route pattern and status, and times them by route pattern.
/// The pattern, not the path: the callback path holds a secret, and unmatched paths are
/// whatever a scanner tries.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: TamaMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.countRequest(method: method, route: context.endpointPath ?? "unmatched", status: response.status.code, took: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.countRequest(method: method, route: context.endpointPath ?? "unmatched", status: status, took: .now - start)
            throw error
        }
    }
}
