import Foundation
import TamaCore
import TamaStore

/// What a broadcast request becomes before it is stored: its draft, route, preview and
/// problems. The JSON API and the console both go through here, so both refuse the same
/// things; it speaks the domain (``BroadcastProblem``), and each of them says it in its
/// own words.
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
            /// Only the campaign's subscribers; true unless said otherwise.
            var subscribersOnly: Bool?
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
        var problems: [BroadcastProblem]
    }

    /// Problems that stop a request before anything is counted.
    struct Refusal: Error {
        var problems: [BroadcastProblem]
    }

    func plan(_ input: Input) async throws -> Plan {
        let draft = try draft(from: input)
        let malformed = draft.sizeProblems
        guard malformed.isEmpty else { throw Refusal(problems: malformed) }
        guard let route = configuration.defaultRoute else { throw Refusal(problems: [.noSendingRoute]) }
        let recipients = try await database.audienceCounts(draft.audience, campaign: draft.campaign, fallback: draft.fallback)
        let leftOut = try await database.leftOut(draft.audience, campaign: draft.campaign, fallback: draft.fallback)
        let pacing = configuration.pacing(of: route)
        let quietHours = configuration.dispatch.quietHours
        // Today's caps matter only to a broadcast that starts today.
        var held = 0
        let start = max(draft.scheduledAt ?? now(), now())
        if let cap = configuration.dispatch.dailyCap, quietHours.startOfDay(start) == quietHours.startOfDay(now()) {
            held = try await database.recipientsAtDailyCap(
                draft.audience, campaign: draft.campaign, fallback: draft.fallback, cap: cap, dayStart: quietHours.startOfDay(now())
            )
        }
        let preview = BroadcastPreview(
            draft: draft, recipients: recipients, price: PartPrice(amount: pacing.price), rate: pacing.rate, quietHours: quietHours,
            now: now(), heldByDailyCap: held, leftOut: leftOut
        )
        return Plan(draft: draft, route: route, preview: preview, problems: draft.problems(recipients: recipients, now: now()))
    }

    /// Stores the plan as a scheduled broadcast, or refuses it with every problem.
    func create(_ plan: Plan, token: APIToken) async throws -> Int64 {
        guard plan.problems.isEmpty else { throw Refusal(problems: plan.problems) }
        return try await database.createBroadcast(plan.draft, route: plan.route, actor: token.actor, role: token.role, at: now())
    }

    func draft(from input: Input) throws -> BroadcastDraft {
        var scheduledAt: Date?
        if let text = input.scheduledAt?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let date = Self.date(text, in: timeZone(ofCampaign: input.campaign)) else {
                throw Refusal(problems: [.unreadableTime(text)])
            }
            scheduledAt = date
        }
        let audience = Audience(
            communes: input.audience?.communes ?? [], languages: (input.audience?.languages ?? []).map(Language.init(rawValue:)),
            tags: input.audience?.tags ?? [], subscribersOnly: input.audience?.subscribersOnly ?? true
        )
        return BroadcastDraft(
            name: input.name, campaign: input.campaign, audience: audience,
            texts: Dictionary(input.texts.map { (Language(rawValue: $0.key), $0.value) }) { first, _ in first },
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
