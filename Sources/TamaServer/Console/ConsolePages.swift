import Foundation
import Hummingbird
import Mustache
import TamaAggregators
import TamaCore
import TamaStore

/// Renders the console's typed pages with its templates. Every page is HTML that needs
/// no script, is never cached, and cannot be framed.
struct ConsolePages: Sendable {
    let library: MustacheLibrary

    func render(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: library.render(page, withTemplate: template) ?? "")))
    }

    /// A time as the campaign reads it: its own zone, to the minute.
    static func local(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    func message(_ title: String, _ text: String, layout: Layout? = nil, status: HTTPResponse.Status) -> Response {
        render("message", MessagePage(layout: layout ?? Layout(title: title), text: text), status: status)
    }
}

/// What every page's header needs: its title and, once signed in, who and what they may open.
struct Layout {
    var title: String
    var signedIn = false
    var label = ""
    var csrf = ""
    var readBroadcasts = false
    var manageBroadcasts = false
    var readQuizResults = false
    var moderateQuestions = false
    var answerQuestions = false
    var markAnsweredOnAir = false
    /// Seconds between refreshes, for pages that follow something live without script.
    var refresh: Int?

    init(title: String) {
        self.title = title
    }

    init(title: String, _ context: SignedInContext, refresh: Int? = nil) {
        self.title = title
        self.signedIn = true
        self.label = context.token.label
        self.csrf = context.console?.csrf ?? ""
        self.readBroadcasts = context.token.role.allows(.readBroadcasts)
        self.manageBroadcasts = context.token.role.allows(.manageBroadcasts)
        self.readQuizResults = context.token.role.allows(.readQuizResults)
        self.moderateQuestions = context.token.role.allows(.moderateQuestions)
        self.markAnsweredOnAir = context.token.role.allows(.markAnsweredOnAir)
        // Answering is an official's own: their token names them.
        self.answerQuestions = context.token.official != nil
        self.refresh = refresh
    }
}

struct MessagePage {
    var layout: Layout
    var text: String
}

/// Errors inside the console become French pages rather than the API's JSON: a refusal
/// says what the role may not do, a bad request says why, and an unexpected error is
/// logged with its request id, which the page names.
struct ConsoleErrorPages: RouterMiddleware {
    typealias Context = TamaRequestContext
    let pages: ConsolePages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let denied as AccessDenied {
            return pages.message("Accès refusé", "Un jeton « \(denied.role.french) » ne peut pas \(denied.permission.french).", status: .forbidden)
        } catch let error as WebhookError {
            return pages.message("Impossible", error.description, status: .badRequest)
        } catch let error as APIError {
            return pages.message(error.status == .notFound ? "Introuvable" : "Impossible", error.reason, status: error.status)
        } catch where AppDatabase.isTransient(error) {
            context.logger.error("database unavailable; answered 503", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return pages.message(
                "Indisponible", "Tama ne peut pas enregistrer pour l'instant (disque plein ou base occupée). Rien n'a été modifié : réessayez dans un moment.",
                status: .serviceUnavailable
            )
        } catch {
            let id = ErrorMiddleware.log(error, request, context)
            return pages.message("Erreur", "Un problème est survenu ; le journal du serveur le garde sous la requête \(id).", status: .internalServerError)
        }
    }
}
