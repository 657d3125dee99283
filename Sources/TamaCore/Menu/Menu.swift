import Foundation

/// One service, as one file in `Menus/` describes it: the USSD codes that reach it, its
/// languages, its screens and the SMS keywords it answers.
public struct Menu: Sendable {
    /// The service's name (`engageons-nous`), unique across the menus folder.
    public var service: String
    /// The file the menu came from, for messages that must point at it.
    public var file: String
    public var ussdCodes: [String]
    /// The first language is the default: the one a new caller sees before choosing.
    public var languages: [Language]
    public var start: String
    /// Shown instead of `start` to a caller whose language is not known yet.
    public var languageScreen: String?
    public var keys: NavigationKeys
    public var labels: MenuLabels
    public var keywords: [SMSKeyword]
    /// Required when the menu has keywords; `tama menus check` says so.
    public var smsReplies: SMSReplies?
    public var screens: [String: Screen]
    /// The radio quizzes the menu defines, by id; `quiz:` screens show them.
    public var quizzes: [String: Quiz]
    /// The communes and topics of questions to officials; required by an `ask` action.
    public var questions: CivicQuestions?
    /// Where the campaign's people live: a broadcast's local times are read in it. Nil: the
    /// daemon's `dispatch.timezone`.
    public var timeZone: TimeZone?

    public init(
        service: String, file: String, ussdCodes: [String], languages: [Language], start: String,
        languageScreen: String?, keys: NavigationKeys, labels: MenuLabels, keywords: [SMSKeyword],
        smsReplies: SMSReplies? = nil, screens: [String: Screen], quizzes: [String: Quiz] = [:], questions: CivicQuestions? = nil,
        timeZone: TimeZone? = nil
    ) {
        self.quizzes = quizzes
        self.questions = questions
        self.service = service
        self.file = file
        self.ussdCodes = ussdCodes
        self.languages = languages
        self.start = start
        self.languageScreen = languageScreen
        self.keys = keys
        self.labels = labels
        self.keywords = keywords
        self.smsReplies = smsReplies
        self.screens = screens
        self.timeZone = timeZone
    }

    public var defaultLanguage: Language { languages.first ?? "fr" }

    /// The campaigns the menu serves: its own (SMS JOIN subscribes to it) and every one
    /// its screens subscribe to.
    public var campaigns: Set<String> {
        subscribedCampaigns.union([service])
    }

    /// The campaigns its screens subscribe callers to.
    public var subscribedCampaigns: Set<String> {
        var campaigns: Set<String> = []
        for screen in screens.values {
            for case .subscribe(let campaign) in screen.actions { campaigns.insert(campaign) }
        }
        return campaigns
    }
}

/// The keys that move around a menu rather than choose in it. USSD menus in the region
/// use `0` for back and `98` for more, so those are the defaults.
public struct NavigationKeys: Sendable, Equatable {
    public var back: String
    public var home: String
    public var next: String

    public init(back: String = "0", home: String = "00", next: String = "98") {
        self.back = back
        self.home = home
        self.next = next
    }

    public var all: [String] { [back, home, next] }
}

/// The words the engine itself writes on screens, in each language of the menu.
public struct MenuLabels: Sendable, Equatable {
    /// The pagination line that leads to the next page (`98. Suite`).
    public var next: Localized
    /// The line that leads back from a later page (`0. Retour`).
    public var back: Localized
    /// Shown above a screen when the key pressed means nothing there.
    public var invalid: Localized
    /// The apology that ends a session when something inside Tama fails.
    public var error: Localized
    /// What a caller who sent STOP reads when a screen subscribes them: the subscription
    /// is kept, but only JOIN or START by SMS lifts the STOP. Required when a screen
    /// subscribes (`tama menus check` says so).
    public var stopped: Localized?

    public init(next: Localized, back: Localized, invalid: Localized, error: Localized, stopped: Localized? = nil) {
        self.next = next
        self.back = back
        self.invalid = invalid
        self.error = error
        self.stopped = stopped
    }
}

/// A word people can text to the short code, and what it does.
public struct SMSKeyword: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case subscribe
        case unsubscribe
        case optOut = "opt_out"
        case help
        case ask
        case quiz
    }

    public var word: String
    public var action: Action

    public init(word: String, action: Action) {
        self.word = word
        self.action = action
    }
}
