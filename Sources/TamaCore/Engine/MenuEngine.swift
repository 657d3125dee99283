import Foundation

/// Runs a menu: given where a caller stands and what the hop brings, where they go next.
///
/// Pure: no clock, no database, no randomness. The same session and hop always give the
/// same step, which is what makes retries and tests exact.
public struct MenuEngine: Sendable {
    public let menu: Menu
    public let renderer: ScreenRenderer
    /// Inactivity after which a session starts over (seconds).
    public let sessionTimeout: TimeInterval

    /// How many screens the back key remembers; enough for any real menu, small enough
    /// that a caller pacing around cannot grow the stored session without bound.
    static let historyLimit = 32

    public init(menu: Menu, format: ScreenFormat = ScreenFormat(), sessionTimeout: TimeInterval = 180) {
        self.menu = menu
        self.renderer = ScreenRenderer(menu: menu, format: format)
        self.sessionTimeout = sessionTimeout
    }

    /// `stored` is the session the aggregator's session id last had; one left by another
    /// menu (the id reused for another code) counts as none.
    public func step(_ stored: Session?, _ hop: HopContext) -> Step {
        let session = stored?.service == menu.service ? stored : nil
        if let session, hop.now.timeIntervalSince(session.updatedAt) <= sessionTimeout {
            guard case .input(let input) = HopText.meaning(of: hop.text, after: session.lastText),
                !session.reply.ends
            else {
                return Step(kind: .repeated, session: session, effects: [])
            }
            var walk = Walk(engine: self, session: session, hop: hop)
            walk.consume(input)
            return walk.finish(kind: .advanced, text: hop.text, now: hop.now)
        }
        var walk = Walk(engine: self, session: start(hop), hop: hop)
        walk.enterQuizIfThere()
        // Digits dialled after the code (`*384*77*1#`) arrive as text on a new session:
        // they walk the menu as if typed. An expired session's old text does not.
        if session == nil, !hop.text.isEmpty {
            walk.consume(hop.text)
        }
        return walk.finish(kind: .started, text: hop.text, now: hop.now)
    }

    /// The apology that ends a session when applying a step failed.
    public func apology(in language: Language?) -> Reply {
        renderer.apology(in: language)
    }

    private func start(_ hop: HopContext) -> Session {
        let known = hop.knownLanguage.flatMap { menu.languages.contains($0) ? $0 : nil }
        let screen = known == nil ? (menu.languageScreen ?? menu.start) : menu.start
        return Session(
            service: menu.service, language: known ?? menu.defaultLanguage, screen: screen,
            lastText: hop.text, reply: Reply(text: "", ends: false), updatedAt: hop.now
        )
    }
}

/// One hop's way through the menu, input by input.
private struct Walk {
    let engine: MenuEngine
    var session: Session
    var nextQuestionNumber: Int
    let optedOut: Bool
    let quizStates: QuizStates
    /// Questions whose answer already counts, and those answered in this session.
    var answered: Set<String>
    let now: Date
    var effects: [Effect] = []
    var notice: Localized?
    /// A screen subscribed a caller who sent STOP: the reply says the STOP stays.
    var keptStop = false

    var menu: Menu { engine.menu }

    init(engine: MenuEngine, session: Session, hop: HopContext) {
        self.engine = engine
        self.session = session
        self.nextQuestionNumber = hop.nextQuestionNumber
        self.optedOut = hop.optedOut
        self.quizStates = hop.quizStates
        self.answered = hop.answeredQuestions
        self.now = hop.now
    }

    /// The screen as the caller sees it now: a quiz screen is its current question.
    func current() -> Screen? {
        menu.screens[session.screen].map { engine.renderer.resolve($0, variables: session.variables) }
    }

    /// Several inputs can arrive in one hop (`1*2` dialled as a shortcut, or a gateway that
    /// batched); each moves one screen. A free-text screen takes the rest whole, `*`s
    /// included.
    mutating func consume(_ input: String) {
        var rest = Substring(input)
        while true {
            guard let screen = current(),
                !(screen.isFinal && session.page >= pageCount(screen) - 1)
            else { return }
            let piece: Substring
            if case .input(let field) = screen.body, case .text = field.kind {
                piece = rest
                rest = ""
            } else if let star = rest.firstIndex(of: "*") {
                piece = rest[..<star]
                rest = rest[rest.index(after: star)...]
            } else {
                piece = rest
                rest = ""
            }
            press(String(piece), on: screen)
            guard !rest.isEmpty else { return }
        }
    }

    func finish(kind: Step.Kind, text: String, now: Date) -> Step {
        var session = session
        session.lastText = text
        session.updatedAt = now
        session.reply = engine.renderer.reply(for: session, notice: notice)
        if keptStop, let stopped = menu.labels.stopped {
            // A last screen saying "you will receive our messages" would be untrue: the
            // session ends on the STOP's words instead. Elsewhere they go above the screen.
            session.reply = session.reply.ends ? engine.renderer.screen(stopped, in: session.language, ends: true)
                : engine.renderer.reply(for: session, notice: stopped)
        }
        return Step(kind: kind, session: session, effects: effects)
    }

    private mutating func press(_ raw: String, on screen: Screen) {
        notice = nil
        let key = String(raw.trimmed)
        switch key {
        case menu.keys.home:
            session.history = []
            session.screen = menu.start
            session.page = 0
            return
        case menu.keys.back:
            if session.page > 0 {
                session.page -= 1
            } else if let previous = session.history.popLast() {
                session.screen = previous
            }
            return
        case menu.keys.next where session.page < pageCount(screen) - 1:
            session.page += 1
            return
        default:
            break
        }
        if answerQuiz(key) { return }
        switch screen.body {
        case .options(let options):
            guard let option = options.first(where: { $0.key == key }) else {
                notice = menu.labels.invalid
                return
            }
            session.variables.merge(option.assignments) { $1 }
            perform(option.actions)
            go(to: option.target)
        case .input(let field):
            guard let value = field.kind.accept(raw) else {
                notice = field.hint ?? menu.labels.invalid
                return
            }
            if let variable = field.variable { session.variables[variable] = value }
            perform(field.actions)
            go(to: field.target)
        case .final, .quiz:
            notice = menu.labels.invalid
        }
    }

    private mutating func go(to target: String) {
        session.history.append(session.screen)
        if session.history.count > MenuEngine.historyLimit { session.history.removeFirst() }
        session.screen = target
        session.page = 0
        enterQuizIfThere()
    }

    /// On a quiz screen: the first open question the caller has not answered yet; once
    /// she has answered every open one, the quiz's next screen; with none open, the
    /// screen's own text, which ends the session.
    mutating func enterQuizIfThere() {
        guard case .quiz(let screen) = menu.screens[session.screen]?.body, let quiz = menu.quizzes[screen.quiz] else { return }
        let open = quiz.questions.filter { quiz.state(of: $0, commands: quizStates, at: now) == .open }
        if let next = open.first(where: { !answered.contains("\(quiz.id)/\($0.id)") }) {
            session.variables[ScreenRenderer.quizQuestion] = next.id
        } else {
            session.variables[ScreenRenderer.quizQuestion] = nil
            // The checker refuses a quiz screen that leads to a quiz screen, so this ends.
            if !open.isEmpty { go(to: screen.target) }
        }
    }

    /// A key pressed on a quiz question: the answer it gives, judged against the quiz,
    /// then the next question. False when the screen is not a question.
    private mutating func answerQuiz(_ key: String) -> Bool {
        guard case .quiz(let screen) = menu.screens[session.screen]?.body, let quiz = menu.quizzes[screen.quiz],
            let question = session.variables[ScreenRenderer.quizQuestion].flatMap({ id in quiz.questions.first { $0.id == id } })
        else { return false }
        guard let index = Int(key), question.choices.indices.contains(index - 1) else {
            notice = menu.labels.invalid
            return true
        }
        let answer = QuizAnswer(question.choices[index - 1], to: question, of: quiz, state: quiz.state(of: question, commands: quizStates, at: now))
        effects.append(.answerQuiz(answer))
        answered.insert("\(quiz.id)/\(question.id)")
        enterQuizIfThere()
        return true
    }

    private mutating func perform(_ actions: [Action]) {
        let variables = session.variables
        for action in actions {
            switch action {
            case .setLanguage(let language):
                session.language = language
                effects.append(.setLanguage(language))
            case .subscribe(let campaign):
                effects.append(.subscribe(campaign: campaign))
                keptStop = keptStop || optedOut
            case .unsubscribe(let campaign):
                effects.append(.unsubscribe(campaign: campaign))
            case .ask(let commune, let topic, let text, let anonymous):
                let (commune, topic) = (commune.render(variables), topic.render(variables))
                let question = CitizenQuestion(
                    number: nextQuestionNumber, commune: commune, topic: topic, text: text.render(variables),
                    anonymous: Walk.isAnonymous(anonymous.render(variables)), language: session.language,
                    notice: (menu.questions ?? CivicQuestions(communes: [], topics: [])).notice(commune: commune, topic: topic)
                )
                nextQuestionNumber += 1
                session.variables["ref"] = String(question.number)
                effects.append(.askQuestion(question))
            }
        }
    }

    private func pageCount(_ screen: Screen) -> Int {
        let screen = engine.renderer.resolve(screen, variables: session.variables)
        return engine.renderer.pages(of: screen, in: session.language, variables: session.variables).count
    }

    /// Anonymous unless the caller explicitly said otherwise.
    static func isAnonymous(_ value: String) -> Bool {
        !["NO", "NON", "FALSE", "0", "AYI"].contains(Folding.fold(value))
    }
}

extension Screen.Input.Kind {
    /// The value to keep for `raw`, or nil when it does not fit.
    func accept(_ raw: String) -> String? {
        let value = String(raw.trimmed)
        switch self {
        case .text(let min, let max):
            return (min...max).contains(value.count) ? value : nil
        case .digits(let min, let max):
            guard (min...max).contains(value.count), value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
            else { return nil }
            return value
        case .choice(let choices):
            let folded = Folding.fold(value)
            return choices.first { Folding.fold($0) == folded }
        }
    }
}
