import Hummingbird
import Logging
import TamaAggregators

/// `POST /ussd/africastalking/{secret}`: the callback URL registered with Africa's Talking.
struct USSDRoutes<Context: RemoteAddressRequestContext> {
    let service: USSDService
    let callbacks: CallbackAuthentication
    let defaultCountry: String

    func register(on group: RouterGroup<Context>) {
        group.post("africastalking/:secret", use: africasTalking)
    }

    @Sendable func africasTalking(_ request: Request, context: Context) async throws -> String {
        try callbacks.checkAfricasTalking(context)
        let hop = try await refusing("USSD", context) { try AfricasTalkingUSSD.hop(from: try await WebhookRequest.form(request), defaultCountry: defaultCountry) }
        return AfricasTalkingUSSD.body(for: await service.handle(hop, logger: context.logger))
    }
}
