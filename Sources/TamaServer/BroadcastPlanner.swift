import Foundation
import TamaCore
import TamaStore

/// What a broadcast request becomes before it is stored: its draft, route, preview and
/// problems. The JSON API and the console both go through here, so both refuse the same
/// things with the same words.
struct BroadcastPlanner: Sendable {
    let database: AppDatabase
    let configuration: ServerConfiguration
    let catalog: MenuCatalog
    let now: @Sendable () -> Date

    /// A broadcast as people fill it in, in the API's JSON or the console's form.
    struct Input: Decodable, Sendable {
        struct AudienceInput: Decodable, Sendable {
            var communes: [String]?
            var languages: [String]?
            var tags: [String]?
            var campaign: String?
        }

        var name: String
        var campaign: String
        var audience: AudienceInput?
        var texts: [String: String]
        var fallback: String
        /// `2026-11-22 08:00` in the campaign's time zone, or ISO 8601 with an offset; absent: now.
        var scheduledAt: String?
    }

    struct Plan: Sendable {
        var draft: BroadcastDraft
        var route: String
        var preview: BroadcastPreview
        var problems: [String]
    }

    func plan(_ input: Input) async throws -> Plan {
        let draft = try draft(from: input)
        guard let route = configuration.defaultRoute else {
            throw APIError.conflict("no sending route is configured; set one up (README: Configuration) before broadcasting")
        }
        let recipients = try await database.audienceCounts(draft.audience, fallback: draft.fallback)
        let pacing = configuration.pacing(of: route)
        let quietHours = configuration.dispatch.quietHours
        // Today's caps matter only to a broadcast that starts today.
        var held = 0
        let start = max(draft.scheduledAt ?? now(), now())
        if let cap = configuration.dispatch.dailyCap, quietHours.startOfDay(start) == quietHours.startOfDay(now()) {
            held = try await database.recipientsAtDailyCap(draft.audience, fallback: draft.fallback, cap: cap, dayStart: quietHours.startOfDay(now()))
        }
        let preview = BroadcastPreview(
            draft: draft, recipients: recipients, price: PartPrice(amount: pacing.price), rate: pacing.rate, quietHours: quietHours,
            now: now(), heldByDailyCap: held
        )
        return Plan(draft: draft, route: route, preview: preview, problems: draft.problems(recipients: recipients, now: now()))
    }

    /// Stores the plan as a scheduled broadcast, or refuses it with every problem.
    func create(_ plan: Plan, token: APIToken) async throws -> Int64 {
        guard plan.problems.isEmpty else { throw APIError.unprocessable(plan.problems) }
        return try await database.createBroadcast(plan.draft, route: plan.route, actor: token.actor, role: token.role, at: now())
    }

    func draft(from input: Input) throws -> BroadcastDraft {
        var scheduledAt: Date?
        if let text = input.scheduledAt?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let date = Self.date(text, in: timeZone(ofCampaign: input.campaign)) else {
                throw APIError.badRequest("the time '\(text)' is not like 2026-11-22 08:00 or 2026-11-22T08:00:00Z")
            }
            scheduledAt = date
        }
        let audience = Audience(
            communes: input.audience?.communes ?? [], languages: (input.audience?.languages ?? []).map(Language.init(rawValue:)),
            tags: input.audience?.tags ?? [], campaign: input.audience?.campaign
        )
        return BroadcastDraft(
            name: input.name, campaign: input.campaign, audience: audience,
            texts: Dictionary(uniqueKeysWithValues: input.texts.map { (Language(rawValue: $0.key), $0.value) }),
            fallback: Language(rawValue: input.fallback), scheduledAt: scheduledAt
        )
    }

    /// The zone a campaign's times are written in: its menu's `timezone`, else the daemon's.
    func timeZone(ofCampaign campaign: String) -> TimeZone {
        catalog.timeZone(ofCampaign: campaign) ?? configuration.dispatch.quietHours.timeZone
    }

    /// A local time in the campaign's zone, or an ISO 8601 time with its offset.
    static func date(_ text: String, in zone: TimeZone) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
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
