import Crypto
import Foundation

/// `X-Twilio-Signature`, computed and checked as Twilio's own `RequestValidator` does
/// (docs/aggregators.md §2.3): the full public URL, then each parameter name in code-point order
/// followed by its sorted, de-duplicated values, HMAC'd with the auth token, Base64.
public struct TwilioSignature: Sendable {
    public enum Algorithm: Sendable {
        case sha1
        case sha256
    }

    let authToken: String
    let algorithm: Algorithm

    public init(authToken: String, algorithm: Algorithm = .sha1) {
        self.authToken = authToken
        self.algorithm = algorithm
    }

    public func signature(url: String, parameters: [String: [String]]) -> String {
        var payload = url
        for name in parameters.keys.sorted(by: Self.codePointOrder) {
            for value in Set(parameters[name]!).sorted(by: Self.codePointOrder) {
                payload += name + value
            }
        }
        let key = SymmetricKey(data: Data(authToken.utf8))
        let data = Data(payload.utf8)
        let mac: Data =
            switch algorithm {
            case .sha1: Data(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key))
            case .sha256: Data(HMAC<SHA256>.authenticationCode(for: data, using: key))
            }
        return mac.base64EncodedString()
    }

    /// Whether `signature` signs the request. Like Twilio's validator it tries the URL with
    /// its port removed and with the scheme's default port added, since proxies differ on
    /// which one Twilio saw. A JSON webhook's URL carries `bodySHA256`, checked against
    /// `body`, and is signed with no parameters.
    public func isValid(_ signature: String, url: String, parameters: [String: [String]], body: Data? = nil) -> Bool {
        var parameters = parameters
        if let hash = Self.queryValue("bodySHA256", in: url) {
            let digest = SHA256.hash(data: body ?? Data()).map { String(format: "%02x", $0) }.joined()
            guard ConstantTime.equals(digest, hash.lowercased()) else { return false }
            parameters = [:]
        }
        let withoutPort = ConstantTime.equals(self.signature(url: Self.removingPort(url), parameters: parameters), signature)
        let withPort = ConstantTime.equals(self.signature(url: Self.addingDefaultPort(url), parameters: parameters), signature)
        return withoutPort || withPort
    }

    /// Python compares strings by code point; Swift's `<` on String compares by Unicode
    /// canonical order, which differs for some characters.
    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    static func removingPort(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.port != nil else { return url }
        components.port = nil
        return components.string ?? url
    }

    static func addingDefaultPort(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.port == nil else { return url }
        switch components.scheme {
        case "https": components.port = 443
        case "http": components.port = 80
        default: return url
        }
        return components.string ?? url
    }

    static func queryValue(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }
}
