import Hummingbird
import Logging
import TamaAggregators

/// `POST /ussd/africastalking/{secret}`: the callback URL registered with Africa's Talking.
struct USSDRoutes<Context: RemoteAddressRequestContext> {
    let service: USSDService
    let africasTalkingSecret: String

    func register(on group: RouterGroup<Context>) {
        group.post("africastalking/:secret", use: africasTalking)
    }

    @Sendable func africasTalking(_ request: Request, context: Context) async throws -> String {
        guard let secret = context.parameters.get("secret"), ConstantTime.equals(secret, africasTalkingSecret) else {
            context.logger.warning("USSD callback with a wrong secret", metadata: ["from": "\(context.remoteAddress.map { "\($0)" } ?? "unknown")"])
            throw HTTPError(.notFound)
        }
        do {
            let hop = try AfricasTalkingUSSD.hop(from: try await WebhookRequest.form(request))
            return AfricasTalkingUSSD.body(for: await service.handle(hop, logger: context.logger))
        } catch let error as WebhookError {
            context.logger.warning("USSD callback refused", metadata: ["reason": "\(error)"])
            throw error
        }
    }
}
