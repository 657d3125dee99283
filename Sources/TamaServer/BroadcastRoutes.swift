import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/broadcasts`: preview, create (schedule), list, show, pause, resume, cancel,
/// and a CSV report per broadcast. Campaign teams and admins only.
struct BroadcastRoutes<Context: AuthenticatedRequestContext> {
    let database: AppDatabase
    let configuration: ServerConfiguration
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        group.get("broadcasts", use: list)
        group.post("broadcasts/preview", use: preview)
        group.post("broadcasts", use: create)
        group.get("broadcasts/:id", use: show)
        group.post("broadcasts/:id/:action", use: change)
        group.get("broadcasts/:id/report.csv", use: report)
    }

    /// A broadcast as the API takes it.
    struct Request: Decodable {
        struct AudienceBody: Decodable {
            var communes: [String]?
            var languages: [String]?
            var tags: [String]?
            var campaign: String?
        }

        var name: String
        var campaign: String
        var audience: AudienceBody?
        var texts: [String: String]
        var fallback: String
        /// `2026-11-22 08:00` in the campaign's time zone, or ISO 8601 with an offset; absent: now.
        var scheduledAt: String?
    }

    struct PreviewResponse: ResponseEncodable {
        var route: String
        var preview: BroadcastPreview
        var problems: [String]
    }

    struct Created: ResponseEncodable {
        var id: Int64
        var route: String
        var preview: BroadcastPreview
    }

    struct Listed: ResponseEncodable {
        var broadcasts: [Shown]
    }

    struct Shown: ResponseEncodable {
        var broadcast: BroadcastRecord
        var progress: BroadcastProgress
    }

    @Sendable func preview(_ request: Hummingbird.Request, context: Context) async throws -> PreviewResponse {
        _ = try context.require(.manageBroadcasts)
        let (_, route, preview, problems) = try await evaluate(request, context)
        return PreviewResponse(route: route, preview: preview, problems: problems)
    }

    @Sendable func create(_ request: Hummingbird.Request, context: Context) async throws -> EditedResponse<Created> {
        let caller = try context.require(.manageBroadcasts)
        let (draft, route, preview, problems) = try await evaluate(request, context)
        guard problems.isEmpty else { throw APIError.unprocessable(problems) }
        let id = try await database.createBroadcast(draft, route: route, actor: context.actor, role: caller.role, at: now())
        return EditedResponse(status: .created, response: Created(id: id, route: route, preview: preview))
    }

    @Sendable func list(_ request: Hummingbird.Request, context: Context) async throws -> Listed {
        _ = try context.require(.readBroadcasts)
        var shown: [Shown] = []
        for broadcast in try await database.broadcasts() {
            shown.append(Shown(broadcast: broadcast, progress: try await database.progress(broadcast: broadcast.id)))
        }
        return Listed(broadcasts: shown)
    }

    @Sendable func show(_ request: Hummingbird.Request, context: Context) async throws -> Shown {
        _ = try context.require(.readBroadcasts)
        let id = try broadcastID(context)
        guard let broadcast = try await database.broadcast(id: id) else { throw APIError.notFound("there is no broadcast \(id)") }
        return Shown(broadcast: broadcast, progress: try await database.progress(broadcast: id))
    }

    @Sendable func change(_ request: Hummingbird.Request, context: Context) async throws -> Shown {
        let caller = try context.require(.manageBroadcasts)
        let id = try broadcastID(context)
        guard let action = context.parameters.get("action").flatMap(AppDatabase.BroadcastAction.init(rawValue:)) else {
            throw APIError.notFound("the actions are pause, resume and cancel")
        }
        do {
            try await database.change(broadcast: id, action, actor: context.actor, role: caller.role, at: now())
        } catch let error as BroadcastChangeError {
            if case .notFound = error { throw APIError.notFound("\(error)") }
            throw APIError.conflict("\(error)")
        }
        return try await show(request, context: context)
    }

    /// One line per message: the recipient, the language variant's text, where it stands.
    @Sendable func report(_ request: Hummingbird.Request, context: Context) async throws -> Response {
        _ = try context.require(.readBroadcasts)
        let id = try broadcastID(context)
        guard try await database.broadcast(id: id) != nil else { throw APIError.notFound("there is no broadcast \(id)") }
        var csv = ""
        try await database.broadcastReport(id) { csv += $0 + "\r\n" }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"broadcast-\(id).csv\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: csv))
        )
    }

    private func broadcastID(_ context: Context) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.badRequest("a broadcast id is a number") }
        return id
    }

    /// The draft a request describes, its route, preview and problems.
    private func evaluate(_ request: Hummingbird.Request, _ context: Context) async throws -> (BroadcastDraft, String, BroadcastPreview, [String]) {
        let body = try await decode(Request.self, request, context)
        let draft = try draft(from: body)
        guard let route = configuration.defaultRoute else {
            throw APIError.conflict("no sending route is configured; set one up (README: Configuration) before broadcasting")
        }
        let recipients = try await database.audienceCounts(draft.audience, fallback: draft.fallback)
        let pacing = configuration.pacing(of: route)
        let preview = BroadcastPreview(
            draft: draft, recipients: recipients, price: PartPrice(amount: pacing.price), rate: pacing.rate,
            quietHours: configuration.dispatch.quietHours, now: now()
        )
        return (draft, route, preview, draft.problems(recipients: recipients, now: now()))
    }

    private func draft(from body: Request) throws -> BroadcastDraft {
        var scheduledAt: Date?
        if let text = body.scheduledAt, !text.isEmpty {
            guard let date = Self.date(text, in: configuration.dispatch.quietHours.timeZone) else {
                throw APIError.badRequest("scheduledAt '\(text)' is not a time like 2026-11-22 08:00 or 2026-11-22T08:00:00Z")
            }
            scheduledAt = date
        }
        let audience = Audience(
            communes: body.audience?.communes ?? [], languages: (body.audience?.languages ?? []).map(Language.init(rawValue:)),
            tags: body.audience?.tags ?? [], campaign: body.audience?.campaign
        )
        return BroadcastDraft(
            name: body.name, campaign: body.campaign, audience: audience,
            texts: Dictionary(uniqueKeysWithValues: body.texts.map { (Language(rawValue: $0.key), $0.value) }),
            fallback: Language(rawValue: body.fallback), scheduledAt: scheduledAt
        )
    }

    /// A local time in the campaign's zone, or an ISO 8601 time with its offset.
    static func date(_ text: String, in zone: TimeZone) -> Date? {
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return date }
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

extension BroadcastPreview: ResponseEncodable {}
