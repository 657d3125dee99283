import Crypto
import Foundation

/// API tokens: 32 random bytes, shown once as `tama_` + base64url, and stored only as
/// their SHA-256. A stolen database yields no usable token; a token that leaks is
/// revoked with `tama token revoke`.
public enum TokenSecret {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "tama_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: some StringProtocol) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
