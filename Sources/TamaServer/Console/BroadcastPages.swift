import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// The console's broadcast pages: the list with live progress, the form with its
/// preview, and pause, resume and cancel. Reading and changing are two route groups,
/// each with its permission.
struct BroadcastPages {
    typealias Context = SignedInContext
    let database: AppDatabase
    let planner: BroadcastPlanner
    let pages: ConsolePages
    /// The menus' languages: one text box each.
    let languages: [Language]
    /// Where a question made public becomes a draft (`?question=12`).
    let questions: QuestionService
    let now: @Sendable () -> Date
    /// Seconds between refreshes of the list, for live progress without script.
    static let refresh = 15

    func register(on group: RouterGroup<Context>) {
        group.group().add(middleware: RequirePermission(.readBroadcasts)).get("broadcasts", use: list)
        let manage = group.group().add(middleware: RequirePermission(.manageBroadcasts))
        manage.get("broadcasts/new", use: newBroadcast)
        manage.post("broadcasts", use: submit)
        manage.post("broadcasts/:id/:action", use: change)
    }

    struct ListPage {
        struct Row {
            var id: Int64
            var name: String
            /// The state's code, for its colour, and its French words.
            var statusCode: String
            var status: String
            var failure: String?
            var scheduled: String
            var queued: Int
            var sent: Int
            var delivered: Int
            var failed: Int
            var skipped: Int
            var canPause: Bool
            var canResume: Bool
            var canCancel: Bool
            /// How much of it has left the queue, for its progress bar.
            var percent: Int
        }

        var layout: Layout
        var backlog: [BacklogRow]
        var rows: [Row]
        var refresh: Int
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let manage = context.token.role.allows(.manageBroadcasts)
        var rows: [ListPage.Row] = []
        for broadcast in try await database.broadcasts() {
            let progress = try await database.progress(broadcast: broadcast.id)
            let left = progress.sent + progress.delivered + progress.failed + progress.expired
            let total = left + progress.queued + progress.sending
            rows.append(
                ListPage.Row(
                    id: broadcast.id, name: broadcast.name, statusCode: broadcast.status.rawValue, status: broadcast.status.french,
                    failure: broadcast.failure,
                    scheduled: ConsolePages.local(broadcast.scheduledAt, in: planner.timeZone(ofCampaign: broadcast.campaign)),
                    queued: progress.queued + progress.sending, sent: progress.sent + progress.delivered, delivered: progress.delivered,
                    failed: progress.failed + progress.expired, skipped: progress.skippedOptOut,
                    canPause: manage && broadcast.status.allows(.pause), canResume: manage && broadcast.status.allows(.resume),
                    canCancel: manage && broadcast.status.allows(.cancel), percent: total == 0 ? 0 : left * 100 / total
                )
            )
        }
        return pages.render(
            "broadcasts",
            ListPage(
                layout: Layout(title: "Diffusions", context, refresh: Self.refresh), backlog: BacklogRow.rows(try await database.queueBacklog(), now: now()),
                rows: rows, refresh: Self.refresh
            )
        )
    }

    /// An empty form, or with `?question=12` a draft from that public question and its answers.
    @Sendable func newBroadcast(_ request: Request, context: Context) async throws -> Response {
        guard let number = request.uri.queryParameters.get("question", as: Int.self) else {
            return formPage(context, BroadcastForm(languages: languages), plan: nil, problems: [])
        }
        do {
            return formPage(context, BroadcastForm(try await questions.broadcastDraft(number)), plan: nil, problems: [])
        } catch let problem as QuestionProblem {
            throw APIError.badRequest(problem.french)
        }
    }

    /// The form's two buttons: preview shows what it would do; schedule stores it.
    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let form = try await ConsoleForm.decode(BroadcastForm.self, request)
        let plan: BroadcastPlanner.Plan
        do {
            plan = try await planner.plan(form.plannerInput(languages: languages))
        } catch let refusal as BroadcastPlanner.Refusal {
            return formPage(context, form, plan: nil, problems: refusal.problems, status: .unprocessableContent)
        }
        guard form.action == "schedule" else { return formPage(context, form, plan: plan, problems: plan.problems) }
        do {
            _ = try await planner.create(plan, token: context.token)
        } catch let refusal as BroadcastPlanner.Refusal {
            return formPage(context, form, plan: plan, problems: refusal.problems, status: .unprocessableContent)
        }
        return Response(status: .seeOther, headers: [.location: "/console/broadcasts"])
    }

    @Sendable func change(_ request: Request, context: Context) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self),
            let action = context.parameters.get("action").flatMap(BroadcastStatus.Action.init(rawValue:))
        else { return pages.message("Action inconnue", "Les actions sont pause, resume et cancel.", layout: Layout(title: "Action inconnue", context), status: .notFound) }
        do {
            try await database.change(broadcast: id, action, actor: context.token.actor, role: context.token.role, at: now())
        } catch let error as BroadcastChangeError {
            return pages.message("Impossible", error.french, layout: Layout(title: "Impossible", context), status: .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/console/broadcasts"])
    }

    struct FormPage {
        struct Preview {
            struct Variant {
                var language: String
                var recipients: Int
                var encoding: String
                var parts: Int
                var fallbackFor: String
            }

            var recipients: Int
            var parts: Int
            var cost: Int
            var currency: String
            var finish: String
            var variants: [Variant]
            /// Who the filters match but will not get it, and why; nil when nobody.
            var leftOut: LeftOut?
        }

        var layout: Layout
        var input: BroadcastForm.View
        var problems: [String]
        var zone: String
        var preview: Preview?
    }

    private func formPage(
        _ context: Context, _ form: BroadcastForm, plan: BroadcastPlanner.Plan?, problems: [BroadcastProblem], status: HTTPResponse.Status = .ok
    ) -> Response {
        let zone = planner.timeZone(ofCampaign: form.campaign ?? "")
        let preview = plan.map { plan in
            let preview = plan.preview
            return FormPage.Preview(
                recipients: preview.recipients, parts: preview.parts, cost: preview.cost, currency: preview.currency,
                finish: ConsolePages.local(preview.estimatedFinish, in: zone),
                variants: preview.variants.map {
                    .init(
                        language: $0.language, recipients: $0.recipients, encoding: $0.encoding == .gsm7 ? "GSM-7" : "UCS-2", parts: $0.partsPerMessage,
                        fallbackFor: $0.fallbackFor.joined(separator: ", ")
                    )
                },
                leftOut: preview.leftOut.total > 0 ? preview.leftOut : nil
            )
        }
        let page = FormPage(
            layout: Layout(title: "Nouvelle diffusion", context), input: form.view(languages: languages), problems: problems.map(\.french),
            zone: zone.identifier, preview: preview
        )
        return pages.render("form", page, status: status)
    }
}
