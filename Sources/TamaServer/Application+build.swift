import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import TamaCore
import TamaDispatch
import TamaStore

/// The daemon as an application value: `tama serve` runs it, tests drive the same one.
public func buildApplication(
    configuration: ServerConfiguration, database: AppDatabase, catalog: MenuCatalog, logger: Logger,
    metrics: TamaMetrics = TamaMetrics(), now: @escaping @Sendable () -> Date = Date.init,
    dispatchClock: DispatchClock = .system
) -> some ApplicationProtocol {
    let ussd = USSDService(configuration: configuration, catalog: catalog, database: database, metrics: metrics, now: now)
    let router = Router(context: TamaRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BodyDeadline(timeout: .seconds(configuration.connections.readTimeout)))
    SystemRoutes(database: database, metrics: metrics, sessionTimeout: configuration.sessionTimeout, now: now)
        .register(on: router)
    let callbacks = CallbackAuthentication(configuration: configuration)
    USSDRoutes(service: ussd, callbacks: callbacks, defaultCountry: configuration.defaultCountry).register(on: router.group("ussd"))
    let responding = SMSResponderWorker(configuration: configuration, catalog: catalog, database: database, metrics: metrics, logger: logger)
    let sms = SMSService(database: database, responding: responding, metrics: metrics, now: now)
    SMSRoutes(service: sms, callbacks: callbacks, defaultCountry: configuration.defaultCountry).register(on: router.group("sms"))
    DeliveryReportRoutes(database: database, callbacks: callbacks, metrics: metrics, now: now).register(on: router.group("dlr"))
    let questions = QuestionService(
        database: database, catalog: catalog, route: configuration.defaultRoute, zone: configuration.dispatch.quietHours.timeZone, now: now
    )
    let api = router.group("api/v1").add(middleware: BearerAuthentication(database: database)).group(context: SignedInContext.self)
    AccessRoutes(database: database, now: now).register(on: api)
    let planner = BroadcastPlanner(database: database, configuration: configuration, catalog: catalog, now: now)
    BroadcastRoutes(database: database, planner: planner, now: now).register(on: api)
    SubscriberRoutes(database: database, defaultCountry: configuration.defaultCountry, now: now).register(on: api)
    let quizzes = QuizService(database: database, catalog: catalog, country: configuration.defaultCountry, route: configuration.defaultRoute, now: now)
    QuizRoutes(service: quizzes).register(on: api)
    HostRoutes(database: database, service: quizzes, defaultCountry: configuration.defaultCountry, now: now).register(on: api)
    OfficialRoutes(
        database: database, questions: catalog.questions, languages: catalog.languages, defaultCountry: configuration.defaultCountry, now: now
    ).register(on: api)
    QuestionRoutes(service: questions).register(on: api)

    // The templates are constants of this module; a test renders every one of them.
    let pages = ConsolePages(library: try! ConsoleTemplates.library())
    let origin = OriginCheck(publicURL: configuration.publicURL)
    let console = router.group("console").add(middleware: ConsoleErrorPages(pages: pages))
    let signedIn = console.group().add(middleware: ConsoleSessionAuthentication(database: database, origin: origin, now: now))
        .group(context: SignedInContext.self)
    SignInRoutes(database: database, pages: pages, origin: origin, secureCookie: configuration.secureConsoleCookie, now: now)
        .register(public: console, signedIn: signedIn)
    BroadcastPages(database: database, planner: planner, pages: pages, languages: catalog.languages, questions: questions, now: now)
        .register(on: signedIn)
    let radio = router.group("radio").add(middleware: ConsoleErrorPages(pages: pages))
        .add(middleware: ConsoleSessionAuthentication(database: database, origin: origin, now: now)).group(context: SignedInContext.self)
    RadioPages(service: quizzes, live: QuizLive(service: quizzes), pages: pages, now: now).register(on: radio)
    let inbox = router.group("inbox").add(middleware: ConsoleErrorPages(pages: pages))
        .add(middleware: ConsoleSessionAuthentication(database: database, origin: origin, now: now)).group(context: SignedInContext.self)
    QuestionPages(service: questions, pages: pages).register(inbox: inbox, console: signedIn, radio: radio)
    AccountabilityPages(service: questions, pages: pages).register(on: router.group("redevabilite").add(middleware: ConsoleErrorPages(pages: pages)))

    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.connections.idleTimeout)))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "tama",
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.connections.maxConnections, logger: logger)
        ),
        logger: logger
    )
    app.addServices(HeapTrim())
    do {
        if let checkpointer = try database.checkpointer() { app.addServices(WALCheckpoints(checkpointer: checkpointer, metrics: metrics, logger: logger)) }
    } catch {
        logger.error("no checkpointer connection: SQLite checkpoints inside commits", metadata: ["error": "\(error)"])
    }
    app.addServices(responding)
    app.addServices(SessionJanitor(database: database, logger: logger, now: now))
    app.addServices(QuestionReminders(service: questions, settings: configuration.questions, logger: logger))
    if let every = configuration.backup.every {
        app.addServices(
            BackupSchedule(
                database: database, every: every, keep: configuration.backup.keep, directory: configuration.backupDirectory, logger: logger, now: now
            )
        )
    }
    let routes = configuration.routeDispatchers(database: database, logger: logger, metrics: metrics, clock: dispatchClock)
    app.addServices(Dispatcher(routes: routes, logger: logger))
    app.addServices(BroadcastFanout(database: database, logger: logger, ttl: configuration.dispatch.broadcastTTL, clock: dispatchClock))
    return app
}
