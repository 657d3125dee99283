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
    let now: @Sendable () -> Date

    public init(
        catalog: MenuCatalog, format: ScreenFormat, sessionTimeout: TimeInterval, unknownServiceMessage: String,
        database: AppDatabase, metrics: TamaMetrics = TamaMetrics(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.catalog = catalog
        self.engines = Dictionary(
            uniqueKeysWithValues: catalog.menus.map { ($0.service, MenuEngine(menu: $0, format: format, sessionTimeout: sessionTimeout)) }
        )
        self.database = database
        self.unknownServiceReply = Reply(text: format.display(unknownServiceMessage), ends: true)
        self.metrics = metrics
        self.now = now
    }

    public func handle(_ hop: USSDHop, logger: Logger) async -> Reply {
        let started = ContinuousClock.now
        defer { metrics.hopDuration.recordNanoseconds(Int64((ContinuousClock.now - started).nanoseconds)) }
        guard let menu = catalog.menu(forUSSDCode: hop.serviceCode), let engine = engines[menu.service] else {
            logger.warning(
                "USSD code has no menu", metadata: ["code": "\(hop.serviceCode)", "session": "\(hop.sessionID)"]
            )
            metrics.countHop(.unknownService)
            return unknownServiceReply
        }
        do {
            let step = try await database.applyHop(hop, at: now()) { stored, context in
                engine.step(stored?.service == menu.service ? stored : nil, context)
            }
            metrics.countHop(.init(step.kind))
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

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
