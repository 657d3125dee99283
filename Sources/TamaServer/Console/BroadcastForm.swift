import TamaCore

/// The broadcast form as the browser posts it: `texts[fr]=…` per language, the
/// subscribers-only box present only when ticked. Also what shows the form again as it
/// was filled, with a problem or a preview.
struct BroadcastForm: Decodable {
    var name: String?
    var campaign: String?
    var communes: String?
    var tags: String?
    /// "1" when ticked; a new form starts ticked.
    var subscribersOnly: String?
    var texts: [String: String]?
    var fallback: String?
    var scheduledAt: String?
    /// `preview` or `schedule`: the button pressed.
    var action: String?

    /// An empty form: subscribers only, the menus' first language as the fallback.
    init(languages: [Language]) {
        subscribersOnly = "1"
        fallback = languages.first?.rawValue
    }

    /// A draft made elsewhere (a public question and its answers), to edit and preview.
    init(_ draft: BroadcastDraft) {
        name = draft.name
        campaign = draft.campaign
        communes = draft.audience.communes.joined(separator: ", ")
        subscribersOnly = draft.audience.subscribersOnly ? "1" : nil
        texts = Dictionary(uniqueKeysWithValues: draft.texts.map { ($0.key.rawValue, $0.value) })
        fallback = draft.fallback.rawValue
    }

    /// Empty text boxes are languages without a text, not empty texts; lists are
    /// written with commas.
    func plannerInput(languages: [Language]) -> BroadcastPlanner.Input {
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return BroadcastPlanner.Input(
            name: name ?? "", campaign: campaign ?? "",
            audience: .init(communes: list(communes), languages: nil, tags: list(tags), subscribersOnly: subscribersOnly != nil),
            texts: (texts ?? [:]).filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
            fallback: fallback ?? languages.first?.rawValue ?? "fr", scheduledAt: scheduledAt
        )
    }

    struct View {
        struct Text {
            var language: String
            var text: String
            var isFallback: Bool
        }

        var name: String
        var campaign: String
        var communes: String
        var tags: String
        var subscribersOnly: Bool
        var texts: [Text]
        var scheduledAt: String
    }

    /// The form as the page shows it: one box per language of the menus.
    func view(languages: [Language]) -> View {
        let fallback = fallback ?? languages.first?.rawValue ?? "fr"
        return View(
            name: name ?? "", campaign: campaign ?? "", communes: communes ?? "", tags: tags ?? "", subscribersOnly: subscribersOnly != nil,
            texts: languages.map { View.Text(language: $0.rawValue, text: texts?[$0.rawValue] ?? "", isFallback: $0.rawValue == fallback) },
            scheduledAt: scheduledAt ?? ""
        )
    }
}
