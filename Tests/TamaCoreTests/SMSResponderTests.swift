import Foundation
import Testing

@testable import TamaCore
import TamaMenus

private let shipped = MenuFolder.load(
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Menus").path
)
private let responder = SMSResponder(catalog: shipped.catalog!)
private let now = Date(timeIntervalSince1970: 1_800_000_000)
/// The shipped quiz with every question open, as a host would have it mid-show.
private let allOpen = QuizStates(["civisme-2026/q1": .open, "civisme-2026/q2": .open, "civisme-2026/q3": .open])

@Suite struct SMSResponderTests {
    /// The ways people were seen typing STOP, in French and Bambara: punctuation, full-width
    /// letters from some keyboards, accents, emoji, invisible characters.
    @Test(arguments: [
        "STOP", "stop", "Stop.", "STOP!", "stop !", "Stop!!!", "¡STOP!", "«STOP»", "\"stop\"", "STOP\n", "ＳＴＯＰ", "Ｓｔｏｐ",
        "STOP🙏", "\u{200B}STOP", " arrêt ", "ARRÊT", "Arrêt.", "arret!", "ARRET...", "Arret", "dabila", "Dabila!", "DABILA.", "Dábila",
        "S T O P".replacingOccurrences(of: " ", with: ""),
    ])
    func stopIsUnderstoodHoweverItIsTyped(_ text: String) {
        let outcome = responder.respond(to: text, context: SMSContext(now: now))
        #expect(outcome.effects == [.optOut])
        #expect(outcome.reply?.contains("JOIN pour revenir") == true)
    }

    @Test func aSecondStopIsNotConfirmedAgain() {
        let outcome = responder.respond(to: "STOP", context: SMSContext(optedOut: true, now: now))
        #expect(outcome.effects.isEmpty && outcome.reply == nil)
    }

    @Test func joinLiftsAStopAndSubscribesInTheSendersLanguage() {
        let outcome = responder.respond(to: "join", context: SMSContext(knownLanguage: "bm", optedOut: true, now: now))
        #expect(outcome.effects == [.optIn, .subscribe(campaign: "engageons-nous")])
        #expect(outcome.reply?.hasPrefix("I bɛna") == true)
    }

    @Test func aQuestionKeepsItsTextAsTypedAndGetsAReference() {
        let outcome = responder.respond(to: "q  Pourquoi l'école est fermée?", context: SMSContext(nextQuestionNumber: 42, now: now))
        guard case .askQuestion(let question) = outcome.effects.first else {
            Issue.record("no question in \(outcome.effects)")
            return
        }
        #expect(question.text == "Pourquoi l'école est fermée?")
        #expect(question.number == 42 && question.anonymous)
        #expect(outcome.reply?.contains("no 42") == true)
    }

    @Test func anEmptyQuestionIsExplained() {
        let outcome = responder.respond(to: "Q", context: SMSContext(now: now))
        #expect(outcome.effects.isEmpty)
        #expect(outcome.reply?.hasPrefix("Ecrivez Q") == true)
    }

    /// The answers the shipped quiz expects: B, A, A.
    @Test(arguments: [
        ("B", [], "q1", "B", true),
        ("b", ["civisme-2026/q1"], "q2", "B", false),
        ("Q3 c", [], "q3", "C", false),
        ("q2b", [], "q2", "B", false),
        ("2-A", [], "q2", "A", true),
        ("QUIZ Q2 A", [], "q2", "A", true),
        (" ｑ３ Ａ ", [], "q3", "A", true),
    ])
    func quizAnswersBySMSAreJudgedAgainstTheQuiz(_ text: String, _ answered: [String], _ question: String, _ choice: String, _ correct: Bool) {
        let outcome = responder.respond(to: text, context: SMSContext(answeredQuestions: Set(answered), quizStates: allOpen, now: now))
        let answer = QuizAnswer(quiz: "civisme-2026", question: question, choice: choice, correct: correct, points: correct ? 1 : 0, late: false)
        #expect(outcome.effects == [.answerQuiz(answer)])
        #expect(outcome.reply?.contains("question \(question.uppercased())") == true)
    }

    @Test func onlyTheFirstAnswerCounts() {
        let outcome = responder.respond(to: "Q1 C", context: SMSContext(answeredQuestions: ["civisme-2026/q1"], quizStates: allOpen, now: now))
        #expect(outcome.effects.isEmpty)
        #expect(outcome.reply?.contains("seule la premiere") == true)
    }

    @Test func aBareAnswerAfterTheLastQuestionSaysTheQuizIsDone() {
        let all: Set<String> = ["civisme-2026/q1", "civisme-2026/q2", "civisme-2026/q3"]
        let outcome = responder.respond(to: "A", context: SMSContext(answeredQuestions: all, quizStates: allOpen, now: now))
        #expect(outcome.effects.isEmpty && outcome.reply?.contains("toutes les questions") == true)
    }

    @Test func anAnswerToAQuestionNotOpenIsKeptAsLateAndSaysSo() {
        let states = QuizStates(["civisme-2026/q1": .closed])
        let outcome = responder.respond(to: "Q1 B", context: SMSContext(quizStates: states, now: now))
        #expect(outcome.effects == [.answerQuiz(QuizAnswer(quiz: "civisme-2026", question: "q1", choice: "B", correct: true, points: 0, late: true))])
        #expect(outcome.reply?.hasPrefix("La question Q1 n'est pas ouverte") == true)
        let waiting = responder.respond(to: "2A", context: SMSContext(now: now))
        #expect(waiting.effects.first.map { if case .answerQuiz(let answer) = $0 { answer.late } else { false } } == true)
    }

    @Test func aBareLetterWithNothingOpenSaysSoAndKeepsNothing() {
        let outcome = responder.respond(to: "B", context: SMSContext(now: now))
        #expect(outcome.effects.isEmpty && outcome.reply?.hasPrefix("Aucune question du quiz n'est ouverte") == true)
    }

    @Test func aLetterThatIsNotAChoiceGetsTheChoicesBack() {
        let outcome = responder.respond(to: "Q2 D", context: SMSContext(quizStates: allOpen, now: now))
        #expect(outcome.effects.isEmpty && outcome.reply == "Reponse non comprise. Envoyez une lettre (A, B, C) ou Q2 B.")
    }

    @Test(arguments: ["bonjour", "", "*", "#", "Z", "Q9 B", String(repeating: "é👍", count: 250), "ߒߞߏ"])
    func unknownTextGetsHelpOnceAnHour(_ text: String) {
        let first = responder.respond(to: text, context: SMSContext(now: now))
        #expect(first.effects == [.rememberHelpReply])
        #expect(first.reply?.hasPrefix("EngageonsNous: JOIN") == true)
        let again = responder.respond(to: text, context: SMSContext(lastHelpReply: now.addingTimeInterval(-3_599), now: now))
        #expect(again.reply == nil && again.effects.isEmpty)
        let later = responder.respond(to: text, context: SMSContext(lastHelpReply: now.addingTimeInterval(-3_600), now: now))
        #expect(later.reply != nil)
    }

    @Test func someoneWhoOptedOutGetsNoHelpUnasked() {
        #expect(responder.respond(to: "bonjour", context: SMSContext(optedOut: true, now: now)).reply == nil)
        #expect(responder.respond(to: "AIDE", context: SMSContext(optedOut: true, now: now)).reply != nil)
    }
}
