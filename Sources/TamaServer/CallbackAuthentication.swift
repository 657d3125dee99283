import Foundation
import Hummingbird
import Logging
import TamaAggregators

/// How each aggregator's callbacks prove where they come from: a secret path segment for
/// Africa's Talking and Kannel, which sign nothing, and Twilio's signature. A failed
/// check is a 404 for path secrets (nothing to see here) and a 403 for a bad signature.
struct CallbackAuthentication: Sendable {
    let africasTalkingSecret: String
    let kannelSecret: String?
    let twilio: TwilioSignature?
    /// Tama's address as Twilio calls it, when a proxy stands between them.
    let twilioPublicURL: URL?

    init(configuration: ServerConfiguration) {
        africasTalkingSecret = configuration.africasTalking.callbackSecret
        kannelSecret = configuration.kannel.secret
        twilio = configuration.twilio.authToken.map { TwilioSignature(authToken: $0) }
        twilioPublicURL = configuration.twilio.publicURL
    }

    func checkAfricasTalking(_ context: some RemoteAddressRequestContext) throws {
        guard let secret = context.parameters.get("secret"), ConstantTime.equals(secret, africasTalkingSecret) else {
            refuse("Africa's Talking callback with a wrong secret", context)
            throw APIError.notFound("no such callback")
        }
    }

    func checkKannel(_ context: some RemoteAddressRequestContext) throws {
        guard let expected = kannelSecret, let secret = context.parameters.get("secret"), ConstantTime.equals(secret, expected) else {
            refuse("Kannel callback with a wrong secret, or Kannel is not configured", context)
            throw APIError.notFound("no such callback")
        }
    }

    /// The form of a Twilio callback whose signature holds, each name's first value. The
    /// signature covers every value of a repeated name, and a `bodySHA256` in the URL is
    /// checked against the body as it arrived.
    func twilioForm(_ request: Request, _ what: String, _ context: some RemoteAddressRequestContext) async throws -> [String: String] {
        guard let twilio else {
            refuse("Twilio callback, but twilio.auth_token is not set", context)
            throw APIError.notFound("no such callback")
        }
        let (body, fields) = try await refusing(what, context) { try await WebhookRequest.signedForm(request) }
        let url = publicURL(of: request)
        guard let signature = request.headers.first(where: { $0.name.canonicalName == "x-twilio-signature" })?.value,
            twilio.isValid(signature, url: url, parameters: fields, body: Data(body.utf8))
        else {
            refuse("Twilio callback with a missing or wrong signature for \(url)", context)
            throw APIError.forbidden("X-Twilio-Signature does not match; is twilio.public_url the URL configured in Twilio?")
        }
        return fields.mapValues { $0[0] }
    }

    /// The URL Twilio requested: the configured public address and the path and query as
    /// they arrived, or, without one, the Host this request names.
    func publicURL(of request: Request) -> String {
        let pathAndQuery = request.uri.description
        if let twilioPublicURL {
            var base = twilioPublicURL.absoluteString
            while base.hasSuffix("/") { base.removeLast() }
            return base + pathAndQuery
        }
        return "http://\(request.head.authority ?? "localhost")\(pathAndQuery)"
    }

    private func refuse(_ message: String, _ context: some RemoteAddressRequestContext) {
        context.logger.warning("\(message)", metadata: ["from": "\(context.remoteAddress.map { "\($0)" } ?? "unknown")"])
    }
}
