import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// Signing in and out of the console, and each role's home page. A token signs in once:
/// the browser then keeps only a session's random secret (HttpOnly, SameSite=Strict,
/// Secure over HTTPS), and the server its hash, its expiry and its sign-out.
struct SignInRoutes {
    let database: AppDatabase
    let pages: ConsolePages
    let origin: OriginCheck
    let secureCookie: Bool
    let now: @Sendable () -> Date
    /// How long a sign-in lasts: a working day, so a phone left signed in does not stay so.
    static let sessionLength: TimeInterval = 12 * 3600

    func register(public group: RouterGroup<TamaRequestContext>, signedIn: RouterGroup<SignedInContext>) {
        group.get("login", use: loginPage)
        group.post("login", use: login)
        signedIn.get("", use: home)
        signedIn.post("logout", use: logout)
    }

    struct LoginPage {
        var layout = Layout(title: "Connexion")
        var error: String?
    }

    struct LoginForm: Decodable {
        var token: String?
    }

    @Sendable func loginPage(_ request: Request, context: TamaRequestContext) async throws -> Response {
        pages.render("login", LoginPage())
    }

    @Sendable func login(_ request: Request, context: TamaRequestContext) async throws -> Response {
        try origin.check(request, context)
        let form = try await ConsoleForm.decode(LoginForm.self, request)
        let secret = (form.token ?? "").trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty, let token = try await database.token(hash: TokenSecret.hash(secret)) else {
            context.logger.warning("console sign-in with an unknown token")
            return pages.render("login", LoginPage(error: "Ce jeton est inconnu ou révoqué."), status: .unauthorized)
        }
        let session = TokenSecret.generate(prefix: "tama_s_")
        try await database.openConsoleSession(hash: TokenSecret.hash(session), token: token, expiresAt: now() + Self.sessionLength, at: now())
        var response = Response(status: .seeOther, headers: [.location: "/console"])
        response.setCookie(cookie(session, maxAge: Int(Self.sessionLength)))
        return response
    }

    @Sendable func logout(_ request: Request, context: SignedInContext) async throws -> Response {
        if let session = context.console {
            try await database.closeConsoleSession(hash: session.hash, token: context.token, at: now())
        }
        var response = Response(status: .seeOther, headers: [.location: "/console/login"])
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    struct HomePage {
        var layout: Layout
        var role: String
        var broadcasts: Bool
        var quizResults: Bool
        var questions: Bool
        /// For those who follow sending: what waits, per route.
        var backlog: [BacklogRow]
    }

    /// Each role's own page: what it can open here, and nothing it cannot.
    @Sendable func home(_ request: Request, context: SignedInContext) async throws -> Response {
        let role = context.token.role
        return pages.render(
            "home",
            HomePage(
                layout: Layout(title: "Accueil", context), role: role.french, broadcasts: role.allows(.readBroadcasts),
                quizResults: role.allows(.readQuizResults),
                questions: role.allows(.readQuestions) && !role.allows(.readBroadcasts),
                backlog: role.allows(.readBroadcasts) ? BacklogRow.rows(try await database.queueBacklog(), now: now()) : []
            )
        )
    }

    private func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: ConsoleSessionAuthentication.cookie, value: value, maxAge: maxAge, path: "/", secure: secureCookie, httpOnly: true,
            sameSite: .strict
        )
    }
}

/// The console's forms, decoded into the typed value each page expects.
enum ConsoleForm {
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let body = try await request.body.collect(upTo: WebhookRequest.bodyLimit)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: body))
        } catch {
            throw APIError.badRequest("this form could not be read: \(error)")
        }
    }
}
