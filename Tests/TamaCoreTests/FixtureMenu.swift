import Foundation
import TamaCore
import TamaMenus

/// A small menu with one of everything the engine handles.
let fixtureYAML = """
    service: fixture
    ussd: ["*1#"]
    languages: [fr, bm]
    start: home
    language_screen: language
    labels:
      next: {fr: "Suite", bm: "Tɔ"}
      back: {fr: "Retour", bm: "Segin"}
      invalid: {fr: "Choix invalide.", bm: "Sugandili ma ɲɛ."}
      error: {fr: "Erreur, réessayez.", bm: "Fili don."}
      stopped: {fr: "STOP reste: envoyez JOIN.", bm: "STOP bɛ yen: JOIN ci."}
    quizzes:
      q:
        title: {fr: "Quiz", bm: "Quiz"}
        questions:
          - text: {fr: "Capitale du Mali?", bm: "Mali faaba?"}
            choices:
              A: {fr: "Bamako", bm: "Bamako"}
              B: {fr: "Kayes", bm: "Kayes"}
            answer: A
          - text: {fr: "Fleuve de Kayes?", bm: "Kayes baji?"}
            choices:
              A: {fr: "Le Niger", bm: "Jeliba"}
              B: {fr: "Le Sénégal", bm: "Senegali"}
            answer: B
            points: 2
    screens:
      language:
        text: {fr: "Langue:", bm: "Kan:"}
        options:
          - {label: {fr: "Français", bm: "Faransikan"}, do: {set_language: fr}, go: home}
          - {label: {fr: "Bamanankan", bm: "Bamanankan"}, do: {set_language: bm}, go: home}
      home:
        text: {fr: "Accueil", bm: "So"}
        options:
          - {label: {fr: "Quiz", bm: "Ɲininkali"}, go: quiz}
          - {label: {fr: "Âge", bm: "Si"}, go: age}
          - {label: {fr: "Question", bm: "Ɲininkali meri ma"}, set: {commune: kayes}, go: ask}
          - {label: {fr: "Liste", bm: "Lisi"}, go: long}
          - {label: {fr: "S'abonner", bm: "Sɛbɛn"}, do: {subscribe: camp}, go: done}
          - {label: {fr: "Lettre", bm: "Sɛbɛnden"}, go: letter}
      quiz:
        quiz: q
        text: {fr: "Aucune question ouverte.", bm: "Ɲininkali si ma da wuli."}
        go: done
      age:
        text: {fr: "Votre âge:", bm: "I si:"}
        input: {kind: digits, min: 1, max: 3, save: age, hint: {fr: "Chiffres seulement.", bm: "Nimɔrɔ dɔrɔn."}}
        go: age_done
      age_done:
        text: {fr: "Vous avez {age} ans.", bm: "I si ye san {age} ye."}
      letter:
        text: {fr: "A, B ou C?", bm: "A, B walima C?"}
        input: {kind: choice, choices: [A, B, C], save: letter}
        go: letter_done
      letter_done:
        text: {fr: "Lettre {letter}.", bm: "Sɛbɛnden {letter}."}
      ask:
        text: {fr: "Votre question:", bm: "I ka ɲininkali:"}
        input: {kind: text, min: 3, max: 50, save: question}
        do: {ask: {commune: "{commune}", topic: general, text: "{question}"}}
        go: asked
      asked:
        text: {fr: "Question n° {ref} reçue.", bm: "Ɲininkali n° {ref} sɔrɔla."}
      long:
        text: {fr: "Les communes de la région de Kayes, choisissez la vôtre:", bm: "Kayes mara kominiw, i ta sugandi:"}
        options:
    \((1...12).map { "      - {label: {fr: \"Commune numéro \($0) du cercle\", bm: \"Komini \($0) sɛrɛkili la\"}, go: done}" }.joined(separator: "\n"))
      done:
        text: {fr: "Merci!", bm: "I ni ce!"}
    """

let fixtureMenu: Menu = {
    let (parsed, diagnostics) = MenuParser.parse(fixtureYAML, file: "fixture.yaml")
    precondition(parsed != nil, "fixture menu: \(diagnostics)")
    return parsed!.menu
}()

/// A caller dialling the fixture menu: keeps the session between hops as the store would,
/// and the language and question numbers its effects would leave behind.
struct Caller {
    let engine: MenuEngine
    var session: Session?
    var knownLanguage: Language?
    var optedOut = false
    /// Question 1 of quiz `q` is open, unless a test says otherwise.
    var quizStates = QuizStates(["q/q1": .open])
    var answered: Set<String> = []
    var nextQuestionNumber = 7
    var now = Date(timeIntervalSince1970: 1_800_000_000)

    init(knownLanguage: Language? = nil, engine: MenuEngine = MenuEngine(menu: fixtureMenu)) {
        self.engine = engine
        self.knownLanguage = knownLanguage
    }

    @discardableResult
    mutating func hop(_ text: String) -> Step {
        let step = engine.step(
            session,
            HopContext(
                text: text, knownLanguage: knownLanguage, nextQuestionNumber: nextQuestionNumber, optedOut: optedOut, quizStates: quizStates,
                answeredQuestions: answered, now: now
            )
        )
        guard step.kind != .repeated else { return step }
        session = step.session
        for effect in step.effects {
            switch effect {
            case .setLanguage(let language): knownLanguage = language
            case .askQuestion: nextQuestionNumber += 1
            case .answerQuiz(let answer) where !answer.late: answered.insert("\(answer.quiz)/\(answer.question)")
            default: break
            }
        }
        return step
    }
}
