import Hummingbird
import HummingbirdTesting
import TamaAggregators

@testable import TamaServer

/// A console session as the browser holds it: the cookie's secret, and the form token
/// its pages carry.
struct Browser {
    var session: String
    var csrf: String { TokenSecret.csrf(for: session) }
    var headers: HTTPFields { [.contentType: "application/x-www-form-urlencoded", .cookie: "tama_session=\(session)"] }

    /// Signs in with `token` and keeps the session cookie the console sets.
    static func signIn(_ client: some TestClientProtocol, token: String) async throws -> Browser {
        try await client.execute(uri: "/console/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: FormEncoding.encode([("token", token)]))) { response in
            guard response.status == .seeOther, let cookie = response.headers[.setCookie],
                let value = cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last
            else { throw TestFailure.status(response.status.code, "no session cookie") }
            return Browser(session: String(value))
        }
    }
}
