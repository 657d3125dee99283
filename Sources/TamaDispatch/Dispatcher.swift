import Logging
import ServiceLifecycle

/// The outbound worker: one ``RouteDispatcher`` per configured route, run as a service of
/// the daemon. On SIGTERM each stops claiming, finishes the requests in flight and
/// returns; whatever it had claimed but not sent goes back to the queue when its lease
/// runs out.
public struct Dispatcher: Service {
    let routes: [RouteDispatcher]
    let logger: Logger

    public init(routes: [RouteDispatcher], logger: Logger) {
        self.routes = routes
        self.logger = logger
    }

    public func run() async throws {
        guard !routes.isEmpty else {
            logger.warning("no sending route is configured: outbound messages stay queued")
            try? await gracefulShutdown()
            return
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for route in routes {
                group.addTask {
                    logger.info("dispatching", metadata: ["route": "\(route.route)", "rate": "\(route.rate)/s"])
                    try await route.run()
                }
            }
            try await group.waitForAll()
        }
    }
}
