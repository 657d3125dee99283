import Foundation
import Testing

@testable import TamaCore
@testable import TamaMenus

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
private let shippedMenus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Menus").path

/// A broken fixture and the errors `tama menus check` must print for it, line and all.
struct BrokenFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var errors: [String]
    var testDescription: String { file }
}

let brokenFixtures = [
    BrokenFixture(file: "broken/yaml-syntax.yaml", errors: ["17: YAML: did not find expected ',' or '}' (while parsing a flow mapping)"]),
    BrokenFixture(
        file: "broken/unknown-target.yaml",
        errors: [
            "14: option 1 of screen 'home' goes to 'ask_comune', which does not exist; did you mean 'ask_commune'?",
            "15: screen 'ask_commune' cannot be reached from 'home'; remove it or add an option that goes to it",
        ]
    ),
    BrokenFixture(
        file: "broken/unreachable.yaml",
        errors: ["17: screen 'forgotten' cannot be reached from 'home'; remove it or add an option that goes to it"]
    ),
    BrokenFixture(
        file: "broken/missing-translation.yaml",
        errors: [
            "14: option 1 of screen 'home' label has no translation in 'bm'",
            "16: screen 'done' text has no translation in 'bm'",
        ]
    ),
    BrokenFixture(
        file: "broken/over-limit.yaml",
        errors: ["15: screen 'info' in 'fr' is 172 characters, over the limit of 160; a final screen must fit on one screen"]
    ),
    BrokenFixture(
        file: "broken/duplicate-option-keys.yaml",
        errors: [
            "15: option 2 of screen 'home' uses key '1', already taken by option 1",
            "16: option 3 of screen 'home' uses key '0', already taken by the back key",
        ]
    ),
    BrokenFixture(
        file: "broken/unknown-action.yaml",
        errors: [
            "14: unknown action 'subscrbe' in option 1 of screen 'home'; did you mean 'subscribe'?; known actions: set_language, subscribe, unsubscribe, ask"
        ]
    ),
    BrokenFixture(
        file: "broken/sms-replies.yaml",
        errors: [
            "13: 'sms_replies' has no 'question_empty'",
            "13: 'sms_replies' has no 'question_commune'",
            "13: 'sms_replies' has no 'rating_recorded'",
            "23: SMS reply 'question_received' uses {number}, which it does not have; it may use: {ref}",
        ]
    ),
    BrokenFixture(
        file: "broken/unknown-field.yaml",
        errors: ["13: unknown field 'optoins' in screen 'home'; did you mean 'options'?; expected text, options, input, quiz, do, go"]
    ),
    BrokenFixture(
        file: "broken/unknown-variable.yaml",
        errors: ["27: {refs} is used but no option sets it and no input saves it; did you mean 'ref'?"]
    ),
    BrokenFixture(
        file: "broken/unknown-input-kind.yaml",
        errors: ["17: unknown input kind 'number' in input of screen 'age'; use text, digits or choice"]
    ),
    BrokenFixture(
        file: "broken/quiz.yaml",
        errors: [
            "18: the answer of question 1 of quiz 'radio' is 'D', which is not one of its choices (A, B)",
            "19: question 2 of quiz 'radio' has no 'answer'",
            "21: choice 'a' of question 2 of quiz 'radio' must be one capital letter, as listeners text it: A, B, C",
            "21: question 2 of quiz 'radio' needs at least two choices",
        ]
    ),
    BrokenFixture(
        file: "broken/quiz-lint.yaml",
        errors: [
            "17: choice B of question 1 of quiz 'radio' has no translation in 'bm'",
            "30: screen 'quiz' in 'fr' is 161 characters, over the limit of 160; a final screen must fit on one screen",
            "35: screen 'other' shows quiz 'radoi', which 'quizzes' does not define; did you mean 'radio'?",
            "37: screen 'other' leads to 'quiz', another quiz screen; lead it to a screen that thanks the caller",
        ]
    ),
    BrokenFixture(
        file: "broken/quiz-answer-action.yaml",
        errors: [
            "14: 'quiz_answer' is gone: define the quiz once under 'quizzes:' and show it with a screen that says 'quiz: ID' (Menus/README.md)"
        ]
    ),
    BrokenFixture(
        file: "broken/reserved-keyword.yaml",
        errors: [
            "11: 'Ouvrir' is a radio host's command (CLOSE, FERMER, OPEN, OUVRIR, RESULTATS, RESULTS); choose another keyword",
            "12: 'Réponse' starts an official's answer or a citizen's rating (MERCI, PAS, R, REP, REPONSE); choose another keyword",
        ]
    ),
    BrokenFixture(
        file: "broken/questions.yaml",
        errors: [
            "15: the name of topic 'eau' has no translation in 'bm'",
            "24: screen 'commune' sets commune 'diema', which 'questions' does not list",
            "28: screen 'topic' sets topic 'eaux', which 'questions' does not list; did you mean 'eau'?",
        ]
    ),
    BrokenFixture(
        file: "broken/questions-notice.yaml",
        errors: ["16: the officials' notice uses {sender}, which it does not have; it may use: {ref}, {commune}, {topic}, {text}, {signature}"]
    ),
    BrokenFixture(
        file: "broken/questions-missing.yaml",
        errors: ["11: screen 'ask' asks a question, so the menu needs 'questions' with its 'communes' and 'topics' (Menus/README.md)"]
    ),
    BrokenFixture(
        file: "broken/unknown-timezone.yaml",
        errors: ["5: 'Africa/Kayes' is not a time zone; write its IANA name, like Africa/Bamako"]
    ),
]

@Suite struct MenuLinterTests {
    @Test(arguments: brokenFixtures)
    func aBrokenMenuNamesFileLineAndProblem(_ fixture: BrokenFixture) {
        let path = "\(fixtures)/\(fixture.file)"
        let folder = MenuFolder.load(path)
        let errors = folder.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors == fixture.errors.map { "\(path):\($0)" })
        #expect(folder.catalog == nil)
    }

    @Test func aKeywordTwiceAcrossFilesIsAnErrorWhateverItsCaseAndAccents() {
        let folder = MenuFolder.load("\(fixtures)/duplicate-keywords")
        let errors = folder.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(
            errors == [
                "\(fixtures)/duplicate-keywords/b.yaml:11: SMS keyword ' arrêt ' is the same word as 'ARRET' at \(fixtures)/duplicate-keywords/a.yaml:11 (case, accents and spaces do not count)"
            ]
        )
    }

    @Test func textsThatForceUCS2AreWarningsOnly() {
        let path = "\(fixtures)/warning-ucs2.yaml"
        let folder = MenuFolder.load(path)
        #expect(!folder.diagnostics.hasErrors)
        #expect(folder.catalog != nil)
        let warnings = folder.diagnostics.map(\.description)
        #expect(warnings.contains("\(path):12: warning: screen 'home' text in 'fr' forces UCS-2 in SMS ('Ê' 'ê'); USSD shows 'Etes-vous pret?'"))
        #expect(warnings.contains("\(path):14: warning: option 1 of screen 'home' label in 'bm' forces UCS-2 in SMS ('Ɔ' 'ɔ'); USSD shows 'Owo'"))
    }

    @Test func aCampaignTakesTheTimeZoneOfTheMenuThatServesIt() throws {
        let catalog = try #require(MenuFolder.load(shippedMenus).catalog)
        #expect(catalog.timeZone(ofCampaign: "engageons-nous")?.identifier == "Africa/Bamako")
        #expect(catalog.timeZone(ofCampaign: "autre") == nil)
    }

    @Test func theShippedMenusHaveNoErrorsAtTheDefaultLimit() throws {
        let folder = MenuFolder.load(shippedMenus)
        #expect(folder.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        let catalog = try #require(folder.catalog)
        let menu = try #require(catalog.menu(forUSSDCode: "*384*77#"))
        #expect(menu.languages == ["fr", "bm"])
        #expect(catalog.menu(forUSSDCode: " *384*77# ") != nil)
    }

    @Test func aLowerScreenLimitIsCheckedToo() {
        let folder = MenuFolder.load(shippedMenus, format: ScreenFormat(limit: 60))
        #expect(folder.diagnostics.contains { $0.severity == .error && $0.message.contains("over the limit of 60") })
    }

    @Test func aMissingFolderIsOneClearError() {
        let folder = MenuFolder.load("/nonexistent/menus")
        #expect(folder.diagnostics.map(\.description) == ["/nonexistent/menus: no such file or folder; point --menus (or TAMA_MENUS) at the folder of menu files"])
    }
}
