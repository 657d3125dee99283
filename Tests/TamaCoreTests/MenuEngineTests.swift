import Foundation
import Testing

@testable import TamaCore

/// One hop of a scripted session and what it must give.
struct ExpectedHop: Sendable {
    var text: String
    var screen: String
    var kind: Step.Kind = .advanced
    var effects: [Effect] = []
    /// A fragment the reply must contain.
    var shows: String?
    var ends = false
    var page = 0
    /// Seconds of silence before this hop.
    var after: TimeInterval = 0
}

struct Script: Sendable, CustomTestStringConvertible {
    var name: String
    var knownLanguage: Language? = "fr"
    var hops: [ExpectedHop]
    var testDescription: String { name }
}

/// Question 1 of the fixture's quiz answered with `letter`, while open.
func answerToQ1(_ letter: String) -> Effect {
    .answerQuiz(QuizAnswer(quiz: "q", question: "q1", choice: letter, correct: letter == "A", points: letter == "A" ? 1 : 0, late: false))
}

let scripts: [Script] = [
    Script(
        name: "first contact asks the language once, then speaks it",
        knownLanguage: nil,
        hops: [
            ExpectedHop(text: "", screen: "language", kind: .started, shows: "Langue:\n1. Francais\n2. Bamanankan"),
            ExpectedHop(text: "2", screen: "home", effects: [.setLanguage("bm")], shows: "So\n1. Nyininkali"),
        ]
    ),
    Script(
        name: "a known language goes straight to the start screen",
        hops: [ExpectedHop(text: "", screen: "home", kind: .started, shows: "Accueil\n1. Quiz\n2. Age")]
    ),
    Script(
        name: "an aggregator retry gets the same screen and changes nothing",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "", screen: "home", kind: .repeated),
            ExpectedHop(text: "1", screen: "quiz", shows: "Capitale du Mali?"),
            ExpectedHop(text: "1", screen: "quiz", kind: .repeated, shows: "Capitale du Mali?"),
            ExpectedHop(text: "1*1", screen: "done", effects: [answerToQ1("A")], ends: true),
            ExpectedHop(text: "1*1", screen: "done", kind: .repeated, ends: true),
        ]
    ),
    Script(
        name: "a late retry of an older hop answers the current screen",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "1", screen: "quiz"),
            ExpectedHop(text: "", screen: "quiz", kind: .repeated, shows: "Capitale"),
        ]
    ),
    Script(
        name: "a wrong key shows the same screen with a hint",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "9", screen: "home", shows: "Choix invalide.\nAccueil\n1. Quiz"),
            ExpectedHop(text: "9*#", screen: "home", shows: "Choix invalide."),
            ExpectedHop(text: "9*#*1", screen: "quiz", shows: "Capitale du Mali?"),
        ]
    ),
    Script(
        name: "back returns to the previous screen, home to the start",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "0", screen: "home", shows: "Accueil"),
            ExpectedHop(text: "0*1", screen: "quiz"),
            ExpectedHop(text: "0*1*0", screen: "home"),
            ExpectedHop(text: "0*1*0*2", screen: "age"),
            ExpectedHop(text: "0*1*0*2*00", screen: "home"),
        ]
    ),
    Script(
        name: "a long screen is split into pages",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "4", screen: "long", shows: "98. Suite"),
            ExpectedHop(text: "4*98", screen: "long", shows: "0. Retour", page: 1),
            ExpectedHop(text: "4*98*0", screen: "long", shows: "choisissez la votre", page: 0),
            ExpectedHop(text: "4*98*0*12", screen: "done", ends: true),
        ]
    ),
    Script(
        name: "a session idle past the timeout starts over without effects",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "1", screen: "quiz"),
            ExpectedHop(text: "1*1", screen: "home", kind: .started, after: 181),
        ]
    ),
    Script(
        name: "a digits input refuses other keys with its own hint",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "2", screen: "age", shows: "Votre age:"),
            ExpectedHop(text: "2*abc", screen: "age", shows: "Chiffres seulement.\nVotre age:"),
            ExpectedHop(text: "2*abc*1234", screen: "age", shows: "Chiffres seulement."),
            ExpectedHop(text: "2*abc*1234*42", screen: "age_done", shows: "Vous avez 42 ans.", ends: true),
        ]
    ),
    Script(
        name: "a choice input ignores case and spaces",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "6", screen: "letter"),
            ExpectedHop(text: "6*d", screen: "letter", shows: "Choix invalide."),
            ExpectedHop(text: "6*d* b ", screen: "letter_done", shows: "Lettre B.", ends: true),
        ]
    ),
    Script(
        name: "a typed question keeps its stars and shows its reference",
        hops: [
            ExpectedHop(text: "", screen: "home", kind: .started),
            ExpectedHop(text: "3", screen: "ask"),
            ExpectedHop(
                text: "3*Pourquoi*encore?", screen: "asked",
                effects: [.askQuestion(CitizenQuestion(number: 7, commune: "kayes", topic: "general", text: "Pourquoi*encore?", anonymous: true, language: "fr", notice: QuestionNotice(text: Localized([:]), commune: "kayes", topic: Localized([:]))))],
                shows: "Question no 7 recue.", ends: true
            ),
        ]
    ),
    Script(
        name: "digits dialled after the code walk the menu",
        hops: [ExpectedHop(text: "1", screen: "quiz", kind: .started, shows: "Capitale")]
    ),
    Script(
        name: "the language screen works in the middle of a session too",
        knownLanguage: nil,
        hops: [
            ExpectedHop(text: "", screen: "language", kind: .started),
            ExpectedHop(text: "1", screen: "home", effects: [.setLanguage("fr")], shows: "Accueil"),
            ExpectedHop(text: "1*0", screen: "language"),
            ExpectedHop(text: "1*0*2", screen: "home", effects: [.setLanguage("bm")], shows: "So"),
            ExpectedHop(text: "1*0*2*7", screen: "home", shows: "Sugandili ma nye.\nSo"),
        ]
    ),
]

@Suite struct MenuEngineTests {
    @Test(arguments: scripts)
    func scriptedSession(_ script: Script) {
        var caller = Caller(knownLanguage: script.knownLanguage)
        for (index, expected) in script.hops.enumerated() {
            caller.now += expected.after
            let step = caller.hop(expected.text)
            let context = Comment(rawValue: "hop \(index + 1) '\(expected.text)' → \(step.reply)")
            #expect(step.kind == expected.kind, context)
            #expect(step.session.screen == expected.screen, context)
            #expect(step.session.page == expected.page, context)
            #expect(step.effects == expected.effects, context)
            #expect(step.reply.ends == expected.ends, context)
            if let fragment = expected.shows {
                #expect(step.reply.text.contains(fragment), context)
            }
            #expect(ScreenFormat().length(of: step.reply.text) <= 160, context)
        }
    }

    @Test(arguments: ["", "*", "#", "**", "*#", String(repeating: "9", count: 500), "😀", "ɛɔɲŋ", "\u{0}", " ", "١", "1 2"])
    func anythingAPhoneSendsGetsAScreen(_ key: String) {
        for path in ["", "2", "3", "6"] {
            var caller = Caller(knownLanguage: "fr")
            caller.hop("")
            if !path.isEmpty { caller.hop(path) }
            let prefix = path.isEmpty ? "" : path + "*"
            let step = caller.hop(prefix + key)
            #expect(fixtureMenu.screens[step.session.screen] != nil)
            #expect(!step.reply.text.isEmpty)
            #expect(ScreenFormat().length(of: step.reply.text) <= 160, "\(path) + \(key.prefix(10)): \(step.reply.text)")
        }
    }

    @Test func longTextIsRefusedAndShortTextAccepted() {
        var caller = Caller(knownLanguage: "fr")
        caller.hop("")
        caller.hop("3")
        let tooLong = caller.hop("3*" + String(repeating: "a", count: 500))
        #expect(tooLong.session.screen == "ask")
        #expect(tooLong.reply.text.hasPrefix("Choix invalide."))
        let emoji = caller.hop("3*" + String(repeating: "a", count: 500) + "*Eau 💧 ɛ?")
        #expect(emoji.session.screen == "asked")
        guard case .askQuestion(let question) = emoji.effects.first else {
            Issue.record("no question recorded")
            return
        }
        #expect(question.text == "Eau 💧 ɛ?")
    }

    @Test func everyPageWithAHintStillFits() {
        var caller = Caller(knownLanguage: "bm")
        caller.hop("")
        caller.hop("4")
        for path in ["4*98*77", "4*98*77*98*77", "4*98*77*98*77*98*77"] {
            let step = caller.hop(path)
            #expect(step.reply.text.hasPrefix("Sugandili ma nye.\n"))
            #expect(ScreenFormat().length(of: step.reply.text) <= 160, "\(step.reply.text)")
        }
    }

    @Test func aRandomWalkNeverLeavesTheMenuOrTheLimit() {
        var generator = SplitMix64(seed: 2026)
        let keys = ["1", "2", "3", "4", "5", "6", "7", "9", "0", "00", "98", "", "#", "*", "abc", "42", "b", "question?"]
        var caller = Caller(knownLanguage: nil)
        var path: [String] = []
        for _ in 0..<3000 {
            let step = caller.hop(path.joined(separator: "*"))
            #expect(fixtureMenu.screens[step.session.screen] != nil)
            #expect(ScreenFormat().length(of: step.reply.text) <= 160)
            if step.reply.ends {
                caller.session = nil
                path = []
            }
            path.append(keys[Int(generator.next() % UInt64(keys.count))])
        }
    }

    @Test func aSmallerScreenLimitMakesMorePages() {
        let narrow = MenuEngine(menu: fixtureMenu, format: ScreenFormat(limit: 80))
        var caller = Caller(knownLanguage: "fr", engine: narrow)
        caller.hop("")
        let first = caller.hop("4")
        #expect(ScreenFormat().length(of: first.reply.text) <= 80)
        let renderer = ScreenRenderer(menu: fixtureMenu, format: ScreenFormat(limit: 80))
        let wide = ScreenRenderer(menu: fixtureMenu, format: ScreenFormat())
        let long = fixtureMenu.screens["long"]!
        #expect(renderer.pages(of: long, in: "fr", variables: [:]).count > wide.pages(of: long, in: "fr", variables: [:]).count)
    }

    @Test func withoutTransliterationUCS2CountsDouble() {
        let format = ScreenFormat(limit: 160, transliterate: false)
        #expect(format.display("ɛ") == "ɛ")
        #expect(format.length(of: "ɛɛ") == 4)
        #expect(format.length(of: "ee") == 2)
        #expect(format.length(of: "€") == 2)
        var caller = Caller(knownLanguage: "bm", engine: MenuEngine(menu: fixtureMenu, format: format))
        let home = caller.hop("")
        #expect(home.reply.text.contains("Ɲininkali"))
        #expect(format.length(of: home.reply.text) <= 160)
    }

    @Test func aSessionLeftByAnotherMenuCountsAsNone() {
        var caller = Caller(knownLanguage: "fr")
        caller.hop("")
        caller.hop("1")
        caller.session?.service = "another-service"
        let step = caller.hop("1")
        #expect(step.kind == .started)
        #expect(step.session.service == "fixture")
        #expect(step.session.screen == "quiz", "the text walks the menu as digits dialled on a new session")
    }

    @Test func aQuizShowsItsOpenQuestionsInOrderThenItsNextScreen() {
        var caller = Caller(knownLanguage: "fr")
        caller.quizStates = QuizStates(["q/q1": .open, "q/q2": .open])
        caller.hop("")
        let first = caller.hop("1")
        #expect(first.reply.text == "Capitale du Mali?\n1. Bamako\n2. Kayes")
        let second = caller.hop("1*2")
        #expect(second.effects == [answerToQ1("B")])
        #expect(second.reply.text == "Fleuve de Kayes?\n1. Le Niger\n2. Le Sénégal", "\(second.reply.text)")
        #expect(!second.reply.ends)
        let done = caller.hop("1*2*2")
        #expect(done.effects == [.answerQuiz(QuizAnswer(quiz: "q", question: "q2", choice: "B", correct: true, points: 2, late: false))])
        #expect(done.session.screen == "done" && done.reply.ends)
        // Dialling again: both answered, so the quiz leads straight to its next screen.
        var again = Caller(knownLanguage: "fr")
        again.quizStates = caller.quizStates
        again.answered = caller.answered
        again.hop("")
        #expect(again.hop("1").session.screen == "done")
    }

    @Test func withNoQuestionOpenTheQuizScreenSaysSoAndEnds() {
        var caller = Caller(knownLanguage: "fr")
        caller.quizStates = QuizStates(["q/q1": .closed])
        caller.hop("")
        let step = caller.hop("1")
        #expect(step.reply == Reply(text: "Aucune question ouverte.", ends: true))
        #expect(step.effects.isEmpty)
    }

    @Test func anAnswerToAQuestionClosedMeanwhileIsKeptAsLate() {
        var caller = Caller(knownLanguage: "fr")
        caller.hop("")
        #expect(caller.hop("1").reply.text.hasPrefix("Capitale du Mali?"))
        caller.quizStates = QuizStates(["q/q1": .closed])
        let step = caller.hop("1*1")
        #expect(step.effects == [.answerQuiz(QuizAnswer(quiz: "q", question: "q1", choice: "A", correct: true, points: 0, late: true))])
        #expect(step.session.screen == "quiz" && step.reply == Reply(text: "Aucune question ouverte.", ends: true))
    }

    @Test func aQuizOpensAndClosesByItsTimesWithoutAHost() {
        let opens = Date(timeIntervalSince1970: 1_800_000_000)
        let quiz = Quiz(id: "q", title: Localized(["fr": "Q"]), questions: [Quiz.Question(number: 1, text: Localized(["fr": "?"]), choices: [], answer: "A")], opens: opens, closes: opens + 600)
        let question = quiz.questions[0]
        #expect(quiz.state(of: question, commands: QuizStates(), at: opens - 1) == .waiting)
        #expect(quiz.state(of: question, commands: QuizStates(), at: opens) == .open)
        #expect(quiz.state(of: question, commands: QuizStates(), at: opens + 600) == .closed)
        #expect(quiz.state(of: question, commands: QuizStates(["q/q1": .closed]), at: opens + 1) == .closed, "a host's command wins")
        #expect(quiz.question(named: "Q1") == question && quiz.question(named: "1") == question && quiz.question(named: "q9") == nil)
    }

    @Test func subscribingAfterASTOPKeepsTheSTOPAndSaysSo() {
        var caller = Caller(knownLanguage: "fr")
        caller.optedOut = true
        caller.hop("")
        let step = caller.hop("5")
        #expect(step.effects == [.subscribe(campaign: "camp")])
        #expect(step.reply == Reply(text: "STOP reste: envoyez JOIN.", ends: true))
        var subscriber = Caller(knownLanguage: "fr")
        subscriber.hop("")
        #expect(subscriber.hop("5").reply == Reply(text: "Merci!", ends: true))
    }

    @Test func anApologyIsFinalAndInTheCallersLanguage() {
        let engine = MenuEngine(menu: fixtureMenu)
        #expect(engine.apology(in: "bm") == Reply(text: "Fili don.", ends: true))
        #expect(engine.apology(in: nil) == Reply(text: "Erreur, réessayez.", ends: true))
    }
}

/// A tiny deterministic generator, so a failing walk can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
