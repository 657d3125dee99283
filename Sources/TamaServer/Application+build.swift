import Foundation
import Hummingbird
import Logging
import TamaCore
import TamaStore

/// The daemon as an application value: `tama serve` runs it, tests drive the same one.
public func buildApplication(
    configuration: ServerConfiguration, database: AppDatabase, catalog: MenuCatalog, logger: Logger,
    metrics: TamaMetrics = TamaMetrics(), now: @escaping @Sendable () -> Date = Date.init
) -> some ApplicationProtocol {
    let ussd = USSDService(configuration: configuration, catalog: catalog, database: database, metrics: metrics, now: now)
    let router = Router(context: TamaRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    SystemRoutes(database: database, metrics: metrics, sessionTimeout: configuration.sessionTimeout, now: now)
        .register(on: router)
    USSDRoutes(service: ussd, africasTalkingSecret: configuration.africasTalking.callbackSecret)
        .register(on: router.group("ussd"))

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tama"),
        logger: logger
    )
    app.addServices(SessionJanitor(database: database, logger: logger, now: now))
    return app
}
