/// What a choice or an answer does beyond moving to the next screen, as the menu file
/// writes it. Arguments are templates, filled from the session's variables when the
/// engine turns the action into an ``Effect``.
public enum Action: Sendable, Equatable {
    case setLanguage(Language)
    case subscribe(campaign: String)
    case unsubscribe(campaign: String)
    case ask(commune: Template, topic: Template, text: Template, anonymous: Template)

    /// The names menu files use, in the order `tama menus check` lists them.
    public static let names = ["set_language", "subscribe", "unsubscribe", "ask"]

    /// The variables the action reads.
    public var variables: [String] {
        switch self {
        case .setLanguage, .subscribe, .unsubscribe: []
        case .ask(let commune, let topic, let text, let anonymous):
            commune.variables + topic.variables + text.variables + anonymous.variables
        }
    }
}
