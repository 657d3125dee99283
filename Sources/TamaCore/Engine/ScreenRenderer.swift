/// Lays a screen out as the phone shows it: text, numbered options, and pages when it
/// does not fit.
///
/// Every page of a screen that takes input keeps room for one hint line, so a wrong key
/// can show the same page with the hint above it and still fit the limit.
public struct ScreenRenderer: Sendable {
    public let menu: Menu
    public let format: ScreenFormat
    /// Pages of the screens whose texts use no variable, laid out once: most hops show
    /// one of those, and laying out means templating and transliterating every line.
    private var fixedPages: [String: [Language: [String]]] = [:]

    /// The session variable that holds the quiz question a quiz screen shows.
    public static let quizQuestion = "quiz_question"

    public init(menu: Menu, format: ScreenFormat) {
        self.menu = menu
        self.format = format
        var fixed: [Screen] = []
        for screen in menu.screens.values where screen.usesNoVariables {
            guard case .quiz(let quiz) = screen.body else {
                fixed.append(screen)
                continue
            }
            // A quiz screen is one screen per question, and its own text when none is open.
            fixed.append(resolve(screen, variables: [:]))
            fixed += (menu.quizzes[quiz.quiz]?.questions ?? []).map { resolve(screen, variables: [Self.quizQuestion: $0.id]) }
        }
        for screen in fixed {
            for language in menu.languages {
                fixedPages[screen.id, default: [:]][language] = layOut(screen, in: language, variables: [:])
            }
        }
    }

    /// `screen` as the caller sees it: a quiz screen becomes the question its session is
    /// on, one option per choice; with no question, its own text, which ends the session.
    public func resolve(_ screen: Screen, variables: [String: String]) -> Screen {
        guard case .quiz(let quizScreen) = screen.body else { return screen }
        guard let quiz = menu.quizzes[quizScreen.quiz],
            let question = variables[Self.quizQuestion].flatMap({ id in quiz.questions.first { $0.id == id } })
        else {
            return Screen(id: screen.id, text: screen.text, body: .final)
        }
        let options = question.choices.enumerated().map { index, choice in
            Screen.Option(key: String(index + 1), label: choice.label, target: quizScreen.target)
        }
        return Screen(id: "\(screen.id)/\(question.id)", text: question.text, body: .options(options))
    }

    /// The pages of `screen` in `language`, each within ``ScreenFormat/limit`` unless a
    /// single word is longer than a page.
    public func pages(of screen: Screen, in language: Language, variables: [String: String]) -> [String] {
        fixedPages[screen.id]?[language] ?? layOut(screen, in: language, variables: variables)
    }

    private func layOut(_ screen: Screen, in language: Language, variables: [String: String]) -> [String] {
        let lines = lines(of: screen, in: language, variables: variables)
        let whole = lines.joined(separator: "\n")
        let room = format.limit - hintRoom(on: screen, in: language)
        if screen.isFinal ? format.length(of: whole) <= format.limit : format.length(of: whole) <= room {
            return [whole]
        }
        let next = format.display("\(menu.keys.next). \(menu.labels.next.text(in: language))")
        let back = format.display("\(menu.keys.back). \(menu.labels.back.text(in: language))")
        let pageRoom = room - format.length(of: next) - format.length(of: back) - 2
        let pages = fill(lines, into: max(pageRoom, 1))
        return pages.indices.map { index in
            var page = pages[index]
            if index < pages.count - 1 { page.append(next) }
            if index > 0 { page.append(back) }
            return page.joined(separator: "\n")
        }
    }

    /// The screen's lines as displayed, before any pagination: its text, then its options.
    public func lines(of screen: Screen, in language: Language, variables: [String: String]) -> [String] {
        let text = Template(screen.text.text(in: language)).render(variables)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { format.display(String($0)) }
        return text + screen.options.map { format.display("\($0.key). \($0.label.text(in: language))") }
    }

    /// The reply for where `session` stands, with `notice` above it when a key was refused.
    public func reply(for session: Session, notice: Localized? = nil) -> Reply {
        guard let screen = menu.screens[session.screen].map({ resolve($0, variables: session.variables) }) else {
            return apology(in: session.language)
        }
        let pages = pages(of: screen, in: session.language, variables: session.variables)
        let page = min(max(session.page, 0), pages.count - 1)
        var text = pages[page]
        if let notice {
            text = format.display(notice.text(in: session.language)) + "\n" + text
        }
        return Reply(text: text, ends: screen.isFinal && page == pages.count - 1)
    }

    /// The `END` screen for a hop that failed inside Tama.
    public func apology(in language: Language?) -> Reply {
        screen(menu.labels.error, in: language ?? menu.defaultLanguage, ends: true)
    }

    /// One of the menu's labels as a screen of its own.
    public func screen(_ label: Localized, in language: Language, ends: Bool) -> Reply {
        Reply(text: format.display(label.text(in: language)), ends: ends)
    }

    /// The room one hint line takes on `screen`, newline included. Final screens take no
    /// input on their last page, but a long one has earlier pages that do.
    public func hintRoom(on screen: Screen, in language: Language) -> Int {
        var hints = [menu.labels.invalid]
        if case .input(let input) = screen.body, let hint = input.hint { hints.append(hint) }
        return hints.map { format.length(of: format.display($0.text(in: language))) }.max()! + 1
    }

    /// Greedy filling: as many whole lines per page as fit; a line longer than a page is
    /// cut at its last space that fits, or mid-word when a word alone is too long.
    private func fill(_ lines: [String], into room: Int) -> [[String]] {
        var pages: [[String]] = []
        var current: [String] = []
        var used = 0
        func add(_ line: String) {
            let cost = format.length(of: line) + (current.isEmpty ? 0 : 1)
            if !current.isEmpty, used + cost > room {
                pages.append(current)
                current = []
                used = 0
                add(line)
                return
            }
            current.append(line)
            used += cost
        }
        for line in lines {
            var rest = Substring(line)
            while format.length(of: rest) > room {
                let (head, tail) = cut(rest, within: room)
                add(String(head))
                rest = tail
            }
            add(String(rest))
        }
        if !current.isEmpty { pages.append(current) }
        return pages
    }

    private func cut(_ line: Substring, within room: Int) -> (Substring, Substring) {
        let encoding = SMSEncoding.of(line)
        var used = 0
        var end = line.startIndex
        var lastSpace: String.Index?
        for index in line.indices {
            let cost = format.cost(of: line[index], in: encoding)
            if used + cost > room { break }
            if line[index] == " " { lastSpace = index }
            used += cost
            end = line.index(after: index)
        }
        if end == line.startIndex { end = line.index(after: end) }
        if end < line.endIndex, let lastSpace, lastSpace > line.startIndex {
            return (line[..<lastSpace], line[line.index(after: lastSpace)...])
        }
        return (line[..<end], line[end...])
    }
}
