import Foundation
import Hummingbird
import TamaAggregators
import TamaStore

/// Signs console requests in from the session cookie, and checks every form they post:
/// its Origin, when the browser sends one, must be this server, and its `csrf` field the
/// session's own form token. Without a live session a request goes to the sign-in page.
struct ConsoleSessionAuthentication: RouterMiddleware {
    typealias Context = TamaRequestContext
    static let cookie = "tama_session"
    let database: AppDatabase
    let origin: OriginCheck
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret = request.cookies[Self.cookie]?.value, !secret.isEmpty,
            let token = try await database.consoleSession(hash: TokenSecret.hash(secret), at: now())
        else {
            return Response(status: .seeOther, headers: [.location: "/console/login"])
        }
        let signIn = ConsoleSignIn(hash: TokenSecret.hash(secret), csrf: TokenSecret.csrf(for: secret))
        if request.method == .post {
            try origin.check(request, context)
            let sent = try await WebhookRequest.form(request)["csrf"] ?? ""
            guard ConstantTime.equals(sent, signIn.csrf) else {
                context.logger.warning("console form without its session's token", metadata: ["path": "\(request.uri.path)"])
                throw APIError.forbidden("this form is out of date or did not come from this console; reload the page and try again")
            }
        }
        var context = context
        context.token = token
        context.console = signIn
        return try await next(request, context)
    }
}

/// A form posted to the console must come from the console: a browser names the page's
/// origin, which must be the address the request was sent to (its Host) or Tama's
/// `public_url`. A browser that names none (some old ones) still needs the form token.
struct OriginCheck: Sendable {
    let publicURL: URL?

    func check(_ request: Request, _ context: some RequestContext) throws {
        guard let origin = request.headers[.origin] else { return }
        var allowed: [String] = []
        if let host = request.head.authority { allowed.append(host.lowercased()) }
        if let publicURL, let host = Self.authority(publicURL) { allowed.append(host.lowercased()) }
        guard let sent = URL(string: origin).flatMap(Self.authority), allowed.contains(sent.lowercased()) else {
            context.logger.warning("console form from another origin", metadata: ["origin": "\(origin)"])
            throw APIError.forbidden("this form came from another site (\(origin.prefix(80)))")
        }
    }

    /// `host` or `host:port` as a Host header writes it.
    static func authority(_ url: URL) -> String? {
        guard let host = url.host else { return nil }
        return url.port.map { "\(host):\($0)" } ?? host
    }
}
