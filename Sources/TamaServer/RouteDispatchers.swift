import Foundation
import Logging
import TamaAggregators
import TamaCore
import TamaDispatch
import TamaStore

extension ServerConfiguration {
    /// The dispatch rules these settings describe.
    var dispatchPolicy: DispatchPolicy {
        DispatchPolicy(quietHours: dispatch.quietHours, dailyBroadcastCap: dispatch.dailyCap, maxAttempts: dispatch.maxAttempts)
    }

    /// One dispatcher per route with sending credentials.
    func routeDispatchers(database: AppDatabase, logger: Logger, metrics: TamaMetrics, clock: DispatchClock) -> [RouteDispatcher] {
        var routes: [(String, any SMSSender, RoutePacing)] = []
        if let username = africasTalking.username, let apiKey = africasTalking.apiKey {
            let sender = AfricasTalkingSender(username: username, apiKey: apiKey, baseURL: africasTalking.baseURL, senderID: africasTalking.senderID)
            routes.append((AfricasTalkingSMS.route, sender, africasTalking.pacing))
        }
        if let sid = twilio.accountSID, let token = twilio.authToken, let from = twilio.from {
            let callback = twilio.publicURL?.appendingPathComponent("dlr/twilio")
            let sender = TwilioSender(accountSID: sid, authToken: token, from: from, baseURL: twilio.baseURL, statusCallback: callback)
            routes.append((TwilioSMS.route, sender, twilio.pacing))
        }
        if let url = kannel.sendsmsURL, let username = kannel.username, let password = kannel.password {
            let reports = kannel.secret.flatMap { secret in kannel.publicURL?.appendingPathComponent("dlr/kannel/\(secret)") }
            let sender = KannelSender(sendsmsURL: url, username: username, password: password, from: kannel.from, deliveryURL: reports)
            routes.append((KannelSMS.route, sender, kannel.pacing))
        }
        return routes.map { route, sender, pacing in
            RouteDispatcher(
                route: route, sender: sender, rate: pacing.rate, burst: pacing.burst, policy: dispatchPolicy, lease: dispatch.lease,
                concurrency: dispatch.concurrency, database: database, logger: logger, clock: clock, metrics: metrics.metricsFactory
            )
        }
    }
}
