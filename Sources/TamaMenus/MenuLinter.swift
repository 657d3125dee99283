import TamaCore

/// Checks what the parser cannot see in one field: that screens connect, that every
/// language has every text, that every screen fits a phone, and that menus in one folder
/// do not claim the same code, keyword or name.
public enum MenuLinter {
    public static func check(_ menus: [ParsedMenu], format: ScreenFormat) -> [Diagnostic] {
        menus.flatMap { MenuCheck(parsed: $0, format: format).run() } + crossFileCollisions(menus)
    }

    /// Two files claiming one service name, USSD code, SMS keyword or quiz would make the
    /// daemon's answer depend on file order.
    static func crossFileCollisions(_ menus: [ParsedMenu]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var services: [String: ParsedMenu] = [:]
        var codes: [String: (file: String, line: Int)] = [:]
        var keywords: [String: (word: String, file: String, line: Int)] = [:]
        var quizzes: [String: (file: String, line: Int)] = [:]
        for parsed in menus {
            for (quiz, line) in parsed.source.quizzes.sorted(by: { $0.value < $1.value }) {
                if let other = quizzes[quiz] {
                    diagnostics.append(Diagnostic(file: parsed.menu.file, line: line, message: "quiz '\(quiz)' is also defined at \(other.file):\(other.line)"))
                } else {
                    quizzes[quiz] = (parsed.menu.file, line)
                }
            }
            let file = parsed.menu.file
            if let other = services[parsed.menu.service] {
                diagnostics.append(
                    Diagnostic(file: file, line: parsed.source.line(of: "service"), message: "service '\(parsed.menu.service)' is also defined in \(other.menu.file)")
                )
            }
            services[parsed.menu.service] = parsed
            for (code, line) in parsed.source.codes {
                if let other = codes[code] {
                    diagnostics.append(Diagnostic(file: file, line: line, message: "USSD code '\(code)' is also used at \(other.file):\(other.line)"))
                } else {
                    codes[code] = (file, line)
                }
            }
            for (word, line) in parsed.source.keywords {
                let folded = Folding.fold(word)
                if let other = keywords[folded] {
                    diagnostics.append(
                        Diagnostic(file: file, line: line, message: "SMS keyword '\(word)' is the same word as '\(other.word)' at \(other.file):\(other.line) (case, accents and spaces do not count)")
                    )
                } else {
                    keywords[folded] = (word, file, line)
                }
            }
        }
        return diagnostics
    }
}

/// The checks of one menu.
private struct MenuCheck {
    let parsed: ParsedMenu
    let format: ScreenFormat
    var menu: Menu { parsed.menu }
    var source: SourceMap { parsed.source }
    var diagnostics: [Diagnostic] = []

    init(parsed: ParsedMenu, format: ScreenFormat) {
        self.parsed = parsed
        self.format = format
    }

    func run() -> [Diagnostic] {
        var check = self
        check.checkTargets()
        check.checkReachability()
        check.checkKeys()
        check.checkVariables()
        check.checkTranslations()
        check.checkLengths()
        check.checkEncoding()
        check.checkStoppedLabel()
        check.checkQuizScreens()
        check.checkQuestions()
        return check.diagnostics
    }

    /// A quiz screen shows a quiz of this menu and leads to a screen that is not a quiz
    /// (the caller who answered everything must land somewhere that ends); quiz texts are
    /// said on air and stored once, so they use no variables.
    mutating func checkQuizScreens() {
        for (screen, named) in source.quizScreens.sorted(by: { $0.key < $1.key }) {
            if case .quiz(let target) = menu.screens[screen]?.body, case .quiz = menu.screens[target.target]?.body {
                error(source.targets[screen]?.first, "screen '\(screen)' leads to '\(target.target)', another quiz screen; lead it to a screen that thanks the caller")
            }
            guard let quiz = menu.quizzes[named.quiz] else {
                error(named.line, "screen '\(screen)' shows quiz '\(named.quiz)', which 'quizzes' does not define\(Suggestion.didYouMean(named.quiz, among: menu.quizzes.keys))")
                continue
            }
            for question in quiz.questions {
                let texts = [question.text] + question.choices.map(\.label)
                if texts.contains(where: { $0.values.values.contains { !Template($0).variables.isEmpty } }) {
                    let line = source.quizQuestions.first { $0.quiz == quiz.id && $0.number == question.number }?.line
                    error(line, "question \(question.number) of quiz '\(quiz.id)' uses a {variable}; a quiz's texts are the same for everyone")
                }
            }
        }
    }

    /// A question goes to the officials of its commune who take its topic: a menu that
    /// asks needs `questions:`, and the communes and topics its options set must be there,
    /// or a question would reach no one.
    mutating func checkQuestions() {
        let asking = menu.screens.values.filter { screen in
            screen.actions.contains { if case .ask = $0 { true } else { false } }
        }
        guard let questions = menu.questions else {
            if let screen = asking.map(\.id).sorted().first {
                error(screenLine(screen), "screen '\(screen)' asks a question, so the menu needs 'questions' with its 'communes' and 'topics' (Menus/README.md)")
            }
            return
        }
        for (id, screen) in menu.screens.sorted(by: { $0.key < $1.key }) {
            guard case .options(let options) = screen.body else { continue }
            for (index, option) in options.enumerated() {
                let line = source.options[id].flatMap { index < $0.count ? $0[index] : nil } ?? screenLine(id)
                if let commune = option.assignments["commune"], Template(commune).variables.isEmpty, questions.commune(commune) == nil {
                    error(line, "screen '\(id)' sets commune '\(commune)', which 'questions' does not list\(Suggestion.didYouMean(commune, among: questions.communes.map(\.id)))")
                }
                if let topic = option.assignments["topic"], Template(topic).variables.isEmpty, !questions.topics.contains(where: { $0.id == topic }) {
                    error(line, "screen '\(id)' sets topic '\(topic)', which 'questions' does not list\(Suggestion.didYouMean(topic, among: questions.topics.map(\.id)))")
                }
            }
        }
    }

    /// A screen that subscribes must be able to tell a caller who sent STOP that the STOP
    /// stays, in one screen that ends the session when the subscription's screen does.
    mutating func checkStoppedLabel() {
        guard let campaign = menu.subscribedCampaigns.sorted().first else { return }
        guard let stopped = menu.labels.stopped else {
            error(
                source.line(of: "labels"),
                "screens subscribe to '\(campaign)', so 'labels' needs 'stopped': what a caller who sent STOP reads (the STOP stays; JOIN by SMS lifts it)"
            )
            return
        }
        for language in menu.languages where format.length(of: format.display(stopped.text(in: language))) > format.limit {
            error(source.line(of: "labels"), "label 'stopped' in '\(language)' is over the limit of \(format.limit) characters; it must fit on one screen")
        }
    }

    mutating func error(_ line: Int?, _ message: String) {
        diagnostics.append(Diagnostic(file: menu.file, line: line, message: message))
    }

    func screenLine(_ id: String) -> Int? { source.screens[id] }

    mutating func checkTargets() {
        let names = menu.screens.keys
        for (field, target) in [("start", menu.start), ("language_screen", menu.languageScreen)] {
            guard let target, menu.screens[target] == nil else { continue }
            error(source.line(of: field), "'\(field)' is '\(target)', which is not a screen\(Suggestion.didYouMean(target, among: names))")
        }
        for id in menu.screens.keys.sorted() {
            let screen = menu.screens[id]!
            for (index, target) in screen.targets.enumerated() where menu.screens[target] == nil {
                let what = screen.options.isEmpty ? "screen '\(id)'" : "option \(index + 1) of screen '\(id)'"
                error(
                    source.targets[id]?[index] ?? screenLine(id),
                    "\(what) goes to '\(target)', which does not exist\(Suggestion.didYouMean(target, among: names))"
                )
            }
        }
    }

    mutating func checkReachability() {
        var reached: Set<String> = []
        var queue = [menu.start] + (menu.languageScreen.map { [$0] } ?? [])
        while let id = queue.popLast() {
            guard reached.insert(id).inserted, let screen = menu.screens[id] else { continue }
            queue += screen.targets
        }
        for id in menu.screens.keys.sorted() where !reached.contains(id) {
            error(screenLine(id), "screen '\(id)' cannot be reached from '\(menu.start)'; remove it or add an option that goes to it")
        }
    }

    mutating func checkKeys() {
        let navigation = [("back key", menu.keys.back), ("home key", menu.keys.home), ("next-page key", menu.keys.next)]
        for (i, (name, key)) in navigation.enumerated() {
            for (otherName, other) in navigation[..<i] where other == key {
                error(source.line(of: "keys"), "the \(name) and the \(otherName) are both '\(key)'")
            }
        }
        for id in menu.screens.keys.sorted() {
            var seen: [String: String] = Dictionary(uniqueKeysWithValues: navigation.map { ($0.1, "the \($0.0)") })
            for (index, option) in menu.screens[id]!.options.enumerated() {
                let line = source.options[id]?[index] ?? screenLine(id)
                if let other = seen[option.key] {
                    error(line, "option \(index + 1) of screen '\(id)' uses key '\(option.key)', already taken by \(other)")
                } else {
                    seen[option.key] = "option \(index + 1)"
                }
            }
        }
    }

    mutating func checkVariables() {
        let defined = source.variableDefinitions
        for (name, line) in source.variableUses where !defined.contains(name) {
            error(line, "{\(name)} is used but no option sets it and no input saves it\(Suggestion.didYouMean(name, among: defined))")
        }
    }

    mutating func checkTranslations() {
        for text in source.texts {
            let missing = menu.languages.filter { text.text.values[$0] == nil }
            guard !missing.isEmpty else { continue }
            error(text.line, "\(text.what) has no translation in \(missing.map { "'\($0)'" }.joined(separator: ", "))")
        }
    }

    /// Every page in every language must fit; a final screen must fit on one page,
    /// because splitting it would leave the caller in a session that cannot end cleanly.
    mutating func checkLengths() {
        let renderer = ScreenRenderer(menu: menu, format: format)
        // Variables measured by a stand-in as long as their name; a reference by six digits.
        var samples = Dictionary(uniqueKeysWithValues: source.variableDefinitions.map { ($0, $0) })
        samples["ref"] = "123456"
        for id in menu.screens.keys.sorted() {
            for (name, screen) in shown(menu.screens[id]!, renderer) {
                for language in menu.languages {
                    let pages = renderer.pages(of: screen, in: language, variables: samples)
                    if screen.isFinal, pages.count > 1 {
                        let length = format.length(of: renderer.lines(of: screen, in: language, variables: samples).joined(separator: "\n"))
                        error(screenLine(id), "\(name) in '\(language)' is \(length) characters, over the limit of \(format.limit); a final screen must fit on one screen")
                        continue
                    }
                    let room = format.limit - (screen.isFinal ? 0 : renderer.hintRoom(on: screen, in: language))
                    for (number, page) in pages.enumerated() where format.length(of: page) > room {
                        let which = pages.count > 1 ? "page \(number + 1) of \(name)" : name
                        error(screenLine(id), "\(which) in '\(language)' needs \(format.length(of: page)) characters with room for a hint line, over the limit of \(format.limit); shorten its longest line")
                    }
                }
            }
        }
    }

    /// What a screen shows, each with what to call it: itself, or for a quiz screen its
    /// text when no question is open and each question with its choices.
    func shown(_ screen: Screen, _ renderer: ScreenRenderer) -> [(String, Screen)] {
        guard case .quiz(let quizScreen) = screen.body else { return [("screen '\(screen.id)'", screen)] }
        let questions = menu.quizzes[quizScreen.quiz]?.questions ?? []
        return [("screen '\(screen.id)'", renderer.resolve(screen, variables: [:]))]
            + questions.map { ("question \($0.number) of quiz '\(quizScreen.quiz)' on screen '\(screen.id)'", renderer.resolve(screen, variables: [ScreenRenderer.quizQuestion: $0.id])) }
    }

    mutating func checkEncoding() {
        for text in source.texts {
            for language in menu.languages {
                guard let value = text.text.values[language] else { continue }
                let outside = GSM7.unencodable(in: value)
                guard !outside.isEmpty else { continue }
                let characters = outside.map { "'\($0)'" }.joined(separator: " ")
                diagnostics.append(
                    Diagnostic(
                        file: menu.file, line: text.line, severity: .warning,
                        message: "\(text.what) in '\(language)' forces UCS-2 in SMS (\(characters)); USSD shows '\(Transliteration.toGSM7(value))'"
                    )
                )
            }
        }
    }
}
