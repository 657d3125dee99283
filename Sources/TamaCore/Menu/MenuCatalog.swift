import Foundation

/// Every menu the daemon serves, found by the USSD code a caller dialled.
public struct MenuCatalog: Sendable {
    public let menus: [Menu]
    private let byCode: [String: Menu]

    /// Codes must be unique across menus; `tama menus check` refuses a folder where two
    /// menus claim one, so the last one winning here never happens in a started daemon.
    public init(_ menus: [Menu]) {
        self.menus = menus
        var byCode: [String: Menu] = [:]
        for menu in menus {
            for code in menu.ussdCodes {
                byCode[MenuCatalog.normalize(code: code)] = menu
            }
        }
        self.byCode = byCode
    }

    /// Every menu's languages, each once, in the menus' order: the first is the default.
    public var languages: [Language] {
        var seen: Set<Language> = []
        return menus.flatMap(\.languages).filter { seen.insert($0).inserted }
    }

    /// Every menu's communes and topics, each once, in the menus' order: where officials
    /// can be registered and questions asked. Its texts are empty: those of a question are
    /// its menu's (``questionMenu(of:)``).
    public var questions: CivicQuestions {
        var communes: [CivicQuestions.Commune] = []
        var topics: [CivicQuestions.Topic] = []
        for menu in menus {
            guard let questions = menu.questions else { continue }
            communes += questions.communes.filter { commune in !communes.contains { $0.id == commune.id } }
            topics += questions.topics.filter { topic in !topics.contains { $0.id == topic.id } }
        }
        return CivicQuestions(communes: communes, topics: topics)
    }

    /// The menu where questions of `commune` are asked: its texts frame their notices,
    /// answers and refusals.
    public func questionMenu(of commune: String) -> Menu? {
        menus.first { $0.questions?.commune(commune) != nil }
    }

    /// The time zone the menus give `campaign`, if one does.
    public func timeZone(ofCampaign campaign: String) -> TimeZone? {
        menus.first { $0.timeZone != nil && $0.campaigns.contains(campaign) }?.timeZone
    }

    public func menu(forUSSDCode code: String) -> Menu? {
        byCode[MenuCatalog.normalize(code: code)]
    }

    /// Operators and people write the same code with or without spaces.
    public static func normalize(code: String) -> String {
        String(code.unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
