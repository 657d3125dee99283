import Foundation
import Logging
import TamaCore
import TamaStore

/// Answers USSD hops: finds the menu for the dialled code, runs the engine inside the
/// store's transaction, and always has a screen to show, even when something fails,
/// because an HTTP error makes the operator drop the session without a word.
public struct USSDService: Sendable {
    let catalog: MenuCatalog
    let engines: [String: MenuEngine]
    let database: AppDatabase
    let unknownServiceReply: Reply
    let metrics: TamaMetrics
    /// What a hop sends (a question's notices to officials) goes by the configured route.
    let route: String?
    let now: @Sendable () -> Date

    /// The service for Africa's Talking's screens as `configuration` sets them.
    public init(
        configuration: ServerConfiguration, catalog: MenuCatalog, database: AppDatabase,
        metrics: TamaMetrics = TamaMetrics(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        let format = configuration.africasTalking.screen
        self.catalog = catalog
        self.engines = Dictionary(
            uniqueKeysWithValues: catalog.menus.map {
                ($0.service, MenuEngine(menu: $0, format: format, sessionTimeout: configuration.sessionTimeout))
            }
        )
        self.database = database
        self.unknownServiceReply = Reply(text: format.display(configuration.unknownServiceMessage), ends: true)
        self.metrics = metrics
        self.route = configuration.defaultRoute
        self.now = now
    }

    public func handle(_ hop: USSDHop, logger: Logger) async -> Reply {
        await metrics.hopDuration.measure { await reply(to: hop, logger: logger) }
    }

    private func reply(to hop: USSDHop, logger: Logger) async -> Reply {
        guard let menu = catalog.menu(forUSSDCode: hop.serviceCode), let engine = engines[menu.service] else {
            logger.warning(
                "USSD code has no menu", metadata: ["code": "\(hop.serviceCode)", "session": "\(hop.sessionID)"]
            )
            metrics.countHop(.unknownService)
            return unknownServiceReply
        }
        guard hop.textFits else {
            logger.warning(
                "USSD hop text over the limit; answered with the apology", metadata: ["session": "\(hop.sessionID)", "bytes": "\(hop.text.utf8.count)"]
            )
            metrics.countHop(.failed)
            return engine.apology(in: try? await database.language(of: hop.phone))
        }
        do {
            let step = try await database.applyHop(hop, route: route, at: now(), step: engine.step)
            metrics.countHop(.init(step.kind))
            metrics.countQuizAnswers(in: step.effects)
            logger.debug(
                "USSD hop", metadata: ["session": "\(hop.sessionID)", "phone": "\(hop.phone.masked)", "screen": "\(step.session.screen)"]
            )
            return step.reply
        } catch {
            metrics.countHop(.failed)
            logger.error("USSD hop failed", metadata: ["session": "\(hop.sessionID)", "error": "\(error)"])
            return engine.apology(in: try? await database.language(of: hop.phone))
        }
    }
}
