import Foundation
import Hummingbird
import Mustache
import TamaAggregators
import TamaCore
import TamaStore

/// The web console for campaign teams: `/console`. A token signs in once and is kept in
/// an HttpOnly, SameSite=Strict cookie, so a form posted from another site carries none.
/// Pages are rendered on the server and need no script.
struct ConsoleRoutes<Context: AuthenticatedRequestContext> {
    let database: AppDatabase
    let planner: BroadcastPlanner
    let library: MustacheLibrary
    /// The menus' languages: one text box each.
    let languages: [Language]
    let secureCookie: Bool
    let now: @Sendable () -> Date
    static var cookie: String { "tama_token" }
    /// Seconds between refreshes of the broadcasts page, for live progress without script.
    static var refresh: Int { 15 }

    func register(on group: RouterGroup<Context>) {
        group.get("", use: list)
        group.get("login", use: loginPage)
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("broadcasts/new", use: newBroadcast)
        group.post("broadcasts", use: submit)
        group.post("broadcasts/:id/:action", use: change)
    }

    // MARK: Signing in

    @Sendable func loginPage(_ request: Request, context: Context) async throws -> Response {
        page("login", ["title": "Connexion"])
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Response {
        let form = try await WebhookRequest.form(request)
        let secret = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty, let token = try await database.token(hash: TokenSecret.hash(secret)) else {
            context.logger.warning("console sign-in with an unknown token")
            return page("login", ["title": "Connexion", "error": "Ce jeton est inconnu ou révoqué."], status: .unauthorized)
        }
        var response = redirect("/console")
        response.setCookie(Cookie(name: Self.cookie, value: secret, path: "/console", secure: secureCookie, httpOnly: true, sameSite: .strict))
        try await database.audit(actor: token.actor, role: token.role, action: "console.login", target: nil, detail: nil, at: now())
        return response
    }

    @Sendable func logout(_ request: Request, context: Context) async throws -> Response {
        var response = redirect("/console/login")
        response.setCookie(Cookie(name: Self.cookie, value: "", maxAge: 0, path: "/console", secure: secureCookie, httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Broadcasts

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        guard let token = try await signedIn(request) else { return redirect("/console/login") }
        guard token.role.allows(.readBroadcasts) else { return refusal(token, .readBroadcasts) }
        var rows: [[String: Any]] = []
        for broadcast in try await database.broadcasts() {
            let progress = try await database.progress(broadcast: broadcast.id)
            let manage = token.role.allows(.manageBroadcasts)
            rows.append([
                "id": broadcast.id, "name": broadcast.name, "status": broadcast.status.french, "failure": broadcast.failure ?? "",
                "scheduled": local(broadcast.scheduledAt, in: planner.timeZone(ofCampaign: broadcast.campaign)), "queued": progress.queued + progress.sending, "sent": progress.sent + progress.delivered,
                "delivered": progress.delivered, "failed": progress.failed + progress.expired, "skipped": progress.skippedOptOut,
                "canPause": manage && broadcast.status.allows(.pause),
                "canResume": manage && broadcast.status.allows(.resume),
                "canCancel": manage && broadcast.status.allows(.cancel),
            ])
        }
        return page("broadcasts", signedInValues(token, ["title": "Diffusions", "broadcasts": rows, "hasBroadcasts": !rows.isEmpty, "refresh": Self.refresh]))
    }

    @Sendable func newBroadcast(_ request: Request, context: Context) async throws -> Response {
        guard let token = try await signedIn(request) else { return redirect("/console/login") }
        guard token.role.allows(.manageBroadcasts) else { return refusal(token, .manageBroadcasts) }
        return formPage(token, FormInput(languages: languages), plan: nil, problems: [])
    }

    /// The form's two buttons: preview shows what it would do; schedule stores it.
    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        guard let token = try await signedIn(request) else { return redirect("/console/login") }
        guard token.role.allows(.manageBroadcasts) else { return refusal(token, .manageBroadcasts) }
        let form = try await WebhookRequest.form(request)
        let input = FormInput(form, languages: languages)
        let plan: BroadcastPlanner.Plan
        do {
            plan = try await planner.plan(input.plannerInput)
        } catch let refusal as BroadcastPlanner.Refusal {
            return formPage(token, input, plan: nil, problems: refusal.problems, status: .unprocessableContent)
        }
        guard form["action"] == "schedule" else { return formPage(token, input, plan: plan, problems: plan.problems) }
        do {
            _ = try await planner.create(plan, token: token)
        } catch let refusal as BroadcastPlanner.Refusal {
            return formPage(token, input, plan: plan, problems: refusal.problems, status: .unprocessableContent)
        }
        return redirect("/console")
    }

    @Sendable func change(_ request: Request, context: Context) async throws -> Response {
        guard let token = try await signedIn(request) else { return redirect("/console/login") }
        guard token.role.allows(.manageBroadcasts) else { return refusal(token, .manageBroadcasts) }
        guard let id = context.parameters.get("id", as: Int64.self),
            let action = context.parameters.get("action").flatMap(BroadcastStatus.Action.init(rawValue:))
        else { return message(token, "Action inconnue", "Les actions sont pause, resume et cancel.", status: .notFound) }
        do {
            try await database.change(broadcast: id, action, actor: token.actor, role: token.role, at: now())
        } catch let error as BroadcastChangeError {
            return message(token, "Impossible", error.french, status: .conflict)
        }
        return redirect("/console")
    }

    // MARK: Pages

    private func signedIn(_ request: Request) async throws -> APIToken? {
        guard let secret = request.cookies[Self.cookie]?.value, !secret.isEmpty else { return nil }
        return try await database.token(hash: TokenSecret.hash(secret))
    }

    private func formPage(
        _ token: APIToken, _ input: FormInput, plan: BroadcastPlanner.Plan?, problems: [BroadcastProblem], status: HTTPResponse.Status = .ok
    ) -> Response {
        let zone = planner.timeZone(ofCampaign: input.campaign)
        var values: [String: Any] = [
            "title": "Nouvelle diffusion", "input": input.values, "problems": problems.map(\.french), "hasProblems": !problems.isEmpty,
            "zone": zone.identifier,
        ]
        if let preview = plan?.preview {
            values["preview"] = [
                "recipients": preview.recipients, "parts": preview.parts, "cost": preview.cost, "currency": preview.currency,
                "finish": local(preview.estimatedFinish, in: zone),
                "leftOut": preview.leftOut.total > 0, "optedOut": preview.leftOut.optedOut, "leftCampaign": preview.leftOut.leftCampaign,
                "notSubscribed": preview.leftOut.notSubscribed,
                "variants": preview.variants.map {
                    ["language": $0.language, "recipients": $0.recipients, "encoding": $0.encoding == .gsm7 ? "GSM-7" : "UCS-2",
                     "parts": $0.partsPerMessage, "fallbackFor": $0.fallbackFor.joined(separator: ", ")] as [String: Any]
                },
            ] as [String: Any]
        }
        return page("form", signedInValues(token, values), status: status)
    }

    private func refusal(_ token: APIToken, _ permission: Permission) -> Response {
        message(token, "Accès refusé", "Un jeton \(token.role.rawValue) ne peut pas \(permission.rawValue).", status: .forbidden)
    }

    private func message(_ token: APIToken, _ title: String, _ text: String, status: HTTPResponse.Status) -> Response {
        page("message", signedInValues(token, ["title": title, "text": text]), status: status)
    }

    private func signedInValues(_ token: APIToken, _ values: [String: Any]) -> [String: Any] {
        values.merging(["signedIn": true, "label": token.label]) { $1 }
    }

    private func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(values, withTemplate: template) ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .init("X-Frame-Options")!: "DENY"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    private func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A time as the campaign reads it: its own zone, to the minute.
    private func local(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// The broadcast form's fields, kept to show the form again as it was filled.
struct FormInput {
    var name = ""
    var campaign = ""
    var communes = ""
    var tags = ""
    var subscribersOnly = true
    var texts: [(Language, String)]
    var fallback: Language
    var scheduledAt = ""

    init(languages: [Language]) {
        texts = languages.map { ($0, "") }
        fallback = languages.first ?? "fr"
    }

    init(_ form: [String: String], languages: [Language]) {
        name = form["name"] ?? ""
        campaign = form["campaign"] ?? ""
        communes = form["communes"] ?? ""
        tags = form["tags"] ?? ""
        subscribersOnly = form["subscribersOnly"] != nil
        texts = languages.map { ($0, form["text-\($0.rawValue)"] ?? "") }
        fallback = form["fallback"].map(Language.init(rawValue:)) ?? languages.first ?? "fr"
        scheduledAt = form["scheduledAt"] ?? ""
    }

    /// Empty text boxes are languages without a text, not empty texts.
    var plannerInput: BroadcastPlanner.Input {
        func list(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return BroadcastPlanner.Input(
            name: name, campaign: campaign,
            audience: .init(communes: list(communes), languages: nil, tags: list(tags), subscribersOnly: subscribersOnly),
            texts: Dictionary(uniqueKeysWithValues: texts.filter { !$0.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map { ($0.0.rawValue, $0.1) }),
            fallback: fallback.rawValue, scheduledAt: scheduledAt
        )
    }

    var values: [String: Any] {
        [
            "name": name, "campaign": campaign, "communes": communes, "tags": tags, "subscribersOnly": subscribersOnly,
            "scheduledAt": scheduledAt,
            "texts": texts.map { ["language": $0.0.rawValue, "text": $0.1, "isFallback": $0.0 == fallback] as [String: Any] },
        ]
    }
}
