import Crypto
import Foundation

/// API tokens: 32 random bytes, shown once as `tama_` + base64url, and stored only as
/// their SHA-256. A stolen database yields no usable token; a token that leaks is
/// revoked with `tama token revoke`.
public enum TokenSecret {
    /// 32 random bytes after `prefix` (`tama_` for API tokens, `tama_s_` for console sessions).
    public static func generate(prefix: String = "tama_") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The console form token of the session whose secret is `session`: derived, so it
    /// needs no storage, and useless without the secret, which only the cookie carries.
    public static func csrf(for session: some StringProtocol) -> String {
        String(hash("csrf:" + session).prefix(32))
    }

    public static func hash(_ token: some StringProtocol) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
