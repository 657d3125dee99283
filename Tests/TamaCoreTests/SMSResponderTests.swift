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

    @Test(arguments: [
        ("B", [], "q1", "B"),
        ("b", ["civisme-2026/q1"], "q2", "B"),
        ("Q3 c", [], "q3", "C"),
        ("q2b", [], "q2", "B"),
        ("QUIZ Q2 A", [], "q2", "A"),
    ])
    func quizAnswersBySMS(_ text: String, _ answered: [String], _ question: String, _ choice: String) {
        let outcome = responder.respond(to: text, context: SMSContext(answeredQuestions: Set(answered), now: now))
        #expect(outcome.effects == [.answerQuiz(quiz: "civisme-2026", question: question, choice: choice)])
        #expect(outcome.reply?.contains("question \(question.uppercased())") == true)
    }

    @Test func onlyTheFirstAnswerCounts() {
        let outcome = responder.respond(to: "Q1 C", context: SMSContext(answeredQuestions: ["civisme-2026/q1"], now: now))
        #expect(outcome.effects.isEmpty)
        #expect(outcome.reply?.contains("seule la premiere") == true)
    }

    @Test func aBareAnswerAfterTheLastQuestionSaysTheQuizIsDone() {
        let all: Set<String> = ["civisme-2026/q1", "civisme-2026/q2", "civisme-2026/q3"]
        let outcome = responder.respond(to: "A", context: SMSContext(answeredQuestions: all, now: now))
        #expect(outcome.effects.isEmpty && outcome.reply?.contains("toutes les questions") == true)
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
