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
            throw HTTPError(.notFound)
        }
    }

    func checkKannel(_ context: some RemoteAddressRequestContext) throws {
        guard let expected = kannelSecret, let secret = context.parameters.get("secret"), ConstantTime.equals(secret, expected) else {
            refuse("Kannel callback with a wrong secret, or Kannel is not configured", context)
            throw HTTPError(.notFound)
        }
    }

    func checkTwilio(_ request: Request, form: [String: String], _ context: some RemoteAddressRequestContext) throws {
        guard let twilio else {
            refuse("Twilio callback, but twilio.auth_token is not set", context)
            throw HTTPError(.notFound)
        }
        let url = publicURL(of: request)
        guard let signature = request.headers.first(where: { $0.name.canonicalName == "x-twilio-signature" })?.value,
            twilio.isValid(signature, url: url, parameters: form.mapValues { [$0] })
        else {
            refuse("Twilio callback with a missing or wrong signature for \(url)", context)
            throw HTTPError(.forbidden, message: "X-Twilio-Signature does not match; is twilio.public_url the URL configured in Twilio?")
        }
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
