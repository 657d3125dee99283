import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/api/v1/broadcasts`: preview, create (schedule), list, show, pause, resume, cancel,
/// and a CSV report per broadcast. Campaign teams and admins only.
struct BroadcastRoutes {
    typealias Context = SignedInContext
    let database: AppDatabase
    let planner: BroadcastPlanner
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        let read = group.group().add(middleware: RequirePermission(.readBroadcasts))
        read.get("broadcasts", use: list)
        read.get("broadcasts/:id", use: show)
        read.get("broadcasts/:id/report.csv", use: report)
        let manage = group.group().add(middleware: RequirePermission(.manageBroadcasts))
        manage.post("broadcasts/preview", use: preview)
        manage.post("broadcasts", use: create)
        manage.post("broadcasts/:id/:action", use: change)
    }

    struct PreviewResponse: ResponseEncodable {
        var route: String
        var preview: BroadcastPreview
        var problems: [String]
    }

    /// The planner's refusals as HTTP: a request that cannot be read is a 400, a route
    /// missing on the server a 409, and a broadcast that cannot go as written a 422 that
    /// lists every problem.
    private func planning<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as BroadcastPlanner.Refusal {
            let reasons = refusal.problems.map(\.description)
            if refusal.problems.allSatisfy(\.isMalformed) { throw APIError(status: .badRequest, reason: reasons.joined(separator: "; "), problems: reasons) }
            if refusal.problems == [.noSendingRoute] { throw APIError.conflict(reasons[0]) }
            throw APIError.unprocessable(reasons)
        }
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
        let input = try await decode(BroadcastPlanner.Input.self, request, context)
        let plan = try await planning { try await planner.plan(input) }
        return PreviewResponse(route: plan.route, preview: plan.preview, problems: plan.problems.map(\.description))
    }

    @Sendable func create(_ request: Hummingbird.Request, context: Context) async throws -> EditedResponse<Created> {
        let input = try await decode(BroadcastPlanner.Input.self, request, context)
        let plan = try await planning { try await planner.plan(input) }
        let id = try await planning { try await planner.create(plan, token: context.token) }
        return EditedResponse(status: .created, response: Created(id: id, route: plan.route, preview: plan.preview))
    }

    @Sendable func list(_ request: Hummingbird.Request, context: Context) async throws -> Listed {
        var shown: [Shown] = []
        for broadcast in try await database.broadcasts() {
            shown.append(Shown(broadcast: broadcast, progress: try await database.progress(broadcast: broadcast.id)))
        }
        return Listed(broadcasts: shown)
    }

    @Sendable func show(_ request: Hummingbird.Request, context: Context) async throws -> Shown {
        let id = try broadcastID(context)
        guard let broadcast = try await database.broadcast(id: id) else { throw APIError.notFound("there is no broadcast \(id)") }
        return Shown(broadcast: broadcast, progress: try await database.progress(broadcast: id))
    }

    @Sendable func change(_ request: Hummingbird.Request, context: Context) async throws -> Shown {
        let id = try broadcastID(context)
        guard let action = context.parameters.get("action").flatMap(BroadcastStatus.Action.init(rawValue:)) else {
            throw APIError.notFound("the actions are pause, resume and cancel")
        }
        do {
            try await database.change(broadcast: id, action, actor: context.token.actor, role: context.token.role, at: now())
        } catch let error as BroadcastChangeError {
            if case .notFound = error { throw APIError.notFound("\(error)") }
            throw APIError.conflict("\(error)")
        }
        return try await show(request, context: context)
    }

    /// One line per message: the recipient, the language variant's text, where it stands.
    @Sendable func report(_ request: Hummingbird.Request, context: Context) async throws -> Response {
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
}

extension BroadcastPreview: ResponseEncodable {}
