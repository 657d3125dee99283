import Foundation
import TamaCore
import Yams

/// Reads one menu file. Every structural mistake (YAML syntax, a missing or misspelt
/// field, an unknown action) becomes a ``Diagnostic`` at its line; the model is returned
/// only when there is none, so the linter never reasons about half a menu.
public enum MenuParser {
    public static func parse(_ yaml: String, file: String) -> (ParsedMenu?, [Diagnostic]) {
        var reader = MenuReader(file: file)
        let menu = reader.read(yaml)
        return (reader.diagnostics.hasErrors ? nil : menu, reader.diagnostics)
    }
}

private struct MenuReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    var source = SourceMap()
    var languages: [Language] = []

    init(file: String) {
        self.file = file
    }

    mutating func read(_ yaml: String) -> ParsedMenu? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            report(yamlError: error, lines: yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count)
            return nil
        }
        guard let root else {
            self.error(1, "the file is empty; a menu needs at least 'service', 'languages', 'start', 'labels' and 'screens'")
            return nil
        }
        guard
            let top = fields(
                root, of: "the menu",
                allowed: [
                    "service", "ussd", "languages", "start", "language_screen", "timezone", "keys", "labels", "sms_keywords", "sms_replies",
                    "quizzes", "questions", "screens",
                ]
            )
        else { return nil }
        for (name, node) in top { source.fields[name] = line(node) }

        let service = required(top, "service", of: "the menu", at: root).flatMap { readService($0) }
        languages = required(top, "languages", of: "the menu", at: root).map { readLanguages($0) } ?? []
        let codes = top["ussd"].map { readCodes($0) } ?? []
        let start = required(top, "start", of: "the menu", at: root).flatMap { scalar($0, "'start'") }
        let languageScreen = top["language_screen"].flatMap { scalar($0, "'language_screen'") }
        let timeZone = top["timezone"].flatMap { readTimeZone($0) }
        let keys = top["keys"].map { readKeys($0) } ?? NavigationKeys()
        let labels = required(top, "labels", of: "the menu", at: root).flatMap { readLabels($0) }
        let keywords = top["sms_keywords"].map { readKeywords($0) } ?? []
        let smsReplies = top["sms_replies"].flatMap { readSMSReplies($0) }
        if let keywordsNode = top["sms_keywords"], top["sms_replies"] == nil, !keywords.isEmpty {
            error(line(keywordsNode), "'sms_keywords' need 'sms_replies' with the texts SMS are answered with: \(SMSReplies.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let quizzes = top["quizzes"].map { readQuizzes($0, timeZone: timeZone ?? TimeZone(identifier: "UTC")!) } ?? [:]
        let questions = top["questions"].flatMap { readQuestions($0) }
        let screens = required(top, "screens", of: "the menu", at: root).map { readScreens($0) } ?? [:]

        guard let service, let start, let labels, !languages.isEmpty else { return nil }
        let menu = Menu(
            service: service, file: file, ussdCodes: codes, languages: languages, start: start,
            languageScreen: languageScreen, keys: keys, labels: labels, keywords: keywords,
            smsReplies: smsReplies, screens: screens, quizzes: quizzes, questions: questions, timeZone: timeZone
        )
        return ParsedMenu(menu: menu, source: source)
    }

    // MARK: Top-level fields

    mutating func readService(_ node: Node) -> String? {
        guard let name = scalar(node, "'service'") else { return nil }
        guard name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
            !name.isEmpty
        else {
            error(line(node), "service name '\(name)' must be lower-case letters, digits and '-' (like 'engageons-nous')")
            return nil
        }
        return name
    }

    mutating func readTimeZone(_ node: Node) -> TimeZone? {
        guard let name = scalar(node, "'timezone'") else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            error(line(node), "'\(name)' is not a time zone; write its IANA name, like Africa/Bamako")
            return nil
        }
        return zone
    }

    mutating func readLanguages(_ node: Node) -> [Language] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            error(line(node), "'languages' must list the menu's language codes, default first, like [fr, bm]")
            return []
        }
        var languages: [Language] = []
        for item in sequence {
            guard let code = scalar(item, "a language code") else { continue }
            let language = Language(rawValue: code)
            if languages.contains(language) {
                error(line(item), "language '\(code)' is listed twice")
            }
            languages.append(language)
        }
        return languages
    }

    mutating func readCodes(_ node: Node) -> [String] {
        let items = node.sequence.map(Array.init) ?? [node]
        var codes: [String] = []
        for item in items {
            guard let code = scalar(item, "a USSD code") else { continue }
            let normalized = MenuCatalog.normalize(code: code)
            let body = normalized.dropFirst().dropLast()
            guard normalized.hasPrefix("*"), normalized.hasSuffix("#"), !body.isEmpty,
                body.allSatisfy({ $0 == "*" || $0.isASCII && $0.isNumber })
            else {
                error(line(item), "'\(code)' is not a USSD code; write it as dialled, like \"*384*77#\" (quoted: YAML reads # as a comment)")
                continue
            }
            codes.append(normalized)
            source.codes.append((normalized, line(item)))
        }
        return codes
    }

    mutating func readKeys(_ node: Node) -> NavigationKeys {
        var keys = NavigationKeys()
        guard let map = fields(node, of: "'keys'", allowed: ["back", "home", "next"]) else { return keys }
        if let back = map["back"].flatMap({ scalar($0, "the back key") }) { keys.back = back }
        if let home = map["home"].flatMap({ scalar($0, "the home key") }) { keys.home = home }
        if let next = map["next"].flatMap({ scalar($0, "the next-page key") }) { keys.next = next }
        return keys
    }

    mutating func readLabels(_ node: Node) -> MenuLabels? {
        guard let map = fields(node, of: "'labels'", allowed: ["next", "back", "invalid", "error", "stopped"]) else { return nil }
        let next = required(map, "next", of: "'labels'", at: node).flatMap { localized($0, "label 'next'") }
        let back = required(map, "back", of: "'labels'", at: node).flatMap { localized($0, "label 'back'") }
        let invalid = required(map, "invalid", of: "'labels'", at: node).flatMap { localized($0, "label 'invalid'") }
        let error = required(map, "error", of: "'labels'", at: node).flatMap { localized($0, "label 'error'") }
        let stopped = map["stopped"].flatMap { localized($0, "label 'stopped'") }
        guard let next, let back, let invalid, let error else { return nil }
        return MenuLabels(next: next, back: back, invalid: invalid, error: error, stopped: stopped)
    }

    mutating func readKeywords(_ node: Node) -> [SMSKeyword] {
        guard let map = mapping(node, "'sms_keywords'") else { return [] }
        var keywords: [SMSKeyword] = []
        for (wordNode, actionNode) in map {
            guard let word = scalar(wordNode, "an SMS keyword"), let name = scalar(actionNode, "the action of '\(word)'")
            else { continue }
            guard let action = SMSKeyword.Action(rawValue: name) else {
                let known = SMSKeyword.Action.allCases.map(\.rawValue)
                error(
                    line(actionNode),
                    "unknown action '\(name)' for SMS keyword '\(word)'\(Suggestion.didYouMean(name, among: known)); known: \(known.joined(separator: ", "))"
                )
                continue
            }
            guard !HostCommand.words.contains(Folding.fold(word)) else {
                error(line(wordNode), "'\(word)' is a radio host's command (\(HostCommand.words.sorted().joined(separator: ", "))); choose another keyword")
                continue
            }
            let questionWords = OfficialAnswer.words.union(AnswerRating.words)
            guard !questionWords.contains(Folding.fold(word)) else {
                error(
                    line(wordNode),
                    "'\(word)' starts an official's answer or a citizen's rating (\(questionWords.sorted().joined(separator: ", "))); choose another keyword"
                )
                continue
            }
            keywords.append(SMSKeyword(word: word, action: action))
            source.keywords.append((word, line(wordNode)))
        }
        return keywords
    }

    // MARK: Quizzes

    mutating func readQuizzes(_ node: Node, timeZone: TimeZone) -> [String: Quiz] {
        guard let map = mapping(node, "'quizzes'") else { return [:] }
        var quizzes: [String: Quiz] = [:]
        for (idNode, quizNode) in map {
            guard let id = identifier(idNode, "quiz name", example: "civisme-2026") else { continue }
            source.quizzes[id] = line(idNode)
            if let quiz = readQuiz(id, quizNode, timeZone: timeZone) { quizzes[id] = quiz }
        }
        return quizzes
    }

    mutating func readQuestions(_ node: Node) -> CivicQuestions? {
        guard let map = fields(node, of: "'questions'", allowed: ["communes", "topics", "notice", "answer", "not_passed", "offices"]) else { return nil }
        // Filled by Tama for each official and citizen, not from a session's variables.
        let notice = required(map, "notice", of: "'questions'", at: node).flatMap { filled($0, "the officials' notice", variables: CivicQuestions.noticeVariables) }
        let answer = required(map, "answer", of: "'questions'", at: node).flatMap { filled($0, "the answer's text", variables: CivicQuestions.answerVariables) }
        let notPassed = required(map, "not_passed", of: "'questions'", at: node).flatMap {
            filled($0, "the text of a question not passed on", variables: CivicQuestions.notPassedVariables)
        }
        var offices: [Office: Localized] = [:]
        if let officesNode = map["offices"], let entries = mapping(officesNode, "'offices'") {
            for (nameNode, textNode) in entries {
                guard let name = scalar(nameNode, "an office") else { continue }
                guard let office = Office(rawValue: name) else {
                    error(line(nameNode), "'\(name)' is not an office; offices are \(Office.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                offices[office] = localized(textNode, "the name of office '\(name)'")
            }
        }
        var communes: [CivicQuestions.Commune] = []
        if let communesNode = required(map, "communes", of: "'questions'", at: node), let entries = mapping(communesNode, "'communes'") {
            for (idNode, nameNode) in entries {
                guard let id = identifier(idNode, "a commune id", example: "nioro-du-sahel"), let name = scalar(nameNode, "the name of commune '\(id)'")
                else { continue }
                source.communes[id] = line(idNode)
                communes.append(CivicQuestions.Commune(id: id, name: name))
            }
        }
        var topics: [CivicQuestions.Topic] = []
        if let topicsNode = required(map, "topics", of: "'questions'", at: node), let entries = mapping(topicsNode, "'topics'") {
            for (idNode, nameNode) in entries {
                guard let id = identifier(idNode, "a topic id", example: "etat-civil"), let name = localized(nameNode, "the name of topic '\(id)'")
                else { continue }
                source.topics[id] = line(idNode)
                topics.append(CivicQuestions.Topic(id: id, name: name))
            }
        }
        if communes.isEmpty { error(line(node), "'questions' has no commune; list them under 'communes' (id: name)") }
        guard let notice, let answer, let notPassed else { return nil }
        return CivicQuestions(communes: communes, topics: topics, notice: notice, answer: answer, notPassed: notPassed, offices: offices)
    }

    /// A text per language that Tama fills with `variables` alone.
    mutating func filled(_ node: Node, _ what: String, variables: [String]) -> Localized? {
        let usesBefore = source.variableUses.count
        let text = localized(node, what)
        for (name, line) in source.variableUses[usesBefore...] where !variables.contains(name) {
            let allowed = variables.isEmpty ? "none" : variables.map { "{\($0)}" }.joined(separator: ", ")
            error(line, "\(what) uses {\(name)}, which it does not have; it may use: \(allowed)")
        }
        source.variableUses.removeSubrange(usesBefore...)
        return text
    }

    /// A name Tama stores and matches: lower-case letters, digits and `-`.
    mutating func identifier(_ node: Node, _ what: String, example: String) -> String? {
        guard let id = scalar(node, what) else { return nil }
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            error(line(node), "\(what) '\(id)' must be lower-case letters, digits and '-' (like '\(example)')")
            return nil
        }
        return id
    }

    mutating func readQuiz(_ id: String, _ node: Node, timeZone: TimeZone) -> Quiz? {
        let what = "quiz '\(id)'"
        guard let map = fields(node, of: what, allowed: ["title", "opens", "closes", "winner", "answer_sms", "questions"]) else { return nil }
        let title = required(map, "title", of: what, at: node).flatMap { localized($0, "the title of \(what)") }
        let winner = map["winner"].flatMap { localized($0, "the winner's SMS of \(what)") }
        let usesBefore = source.variableUses.count
        let answerSMS = map["answer_sms"].flatMap { localized($0, "the answer SMS of \(what)") }
        // Filled by Tama when the question closes, not from a session's variables.
        for (name, line) in source.variableUses[usesBefore...] where !["question", "answer", "score"].contains(name) {
            error(line, "the answer SMS of \(what) uses {\(name)}; it may use {question}, {answer} and {score}")
        }
        source.variableUses.removeSubrange(usesBefore...)
        let opens = map["opens"].flatMap { time($0, "'opens' of \(what)", in: timeZone) }
        let closes = map["closes"].flatMap { time($0, "'closes' of \(what)", in: timeZone) }
        if let opens, let closes, closes <= opens { error(line(map["closes"]!), "\(what) closes before it opens") }
        guard let questionsNode = required(map, "questions", of: what, at: node) else { return nil }
        guard let sequence = questionsNode.sequence, !sequence.isEmpty else {
            error(line(questionsNode), "'questions' of \(what) must list at least one question")
            return nil
        }
        let questions = sequence.enumerated().compactMap { readQuestion($0.offset + 1, $0.element, of: id) }
        guard let title, questions.count == sequence.count else { return nil }
        return Quiz(id: id, title: title, questions: questions, opens: opens, closes: closes, winnerText: winner, answerText: answerSMS)
    }

    mutating func readQuestion(_ number: Int, _ node: Node, of quiz: String) -> Quiz.Question? {
        let what = "question \(number) of quiz '\(quiz)'"
        guard let map = fields(node, of: what, allowed: ["text", "choices", "answer", "points"]) else { return nil }
        let text = required(map, "text", of: what, at: node).flatMap { localized($0, "the text of \(what)") }
        var choices: [Quiz.Choice] = []
        if let choicesNode = required(map, "choices", of: what, at: node), let pairs = mapping(choicesNode, "'choices' of \(what)") {
            for (letterNode, labelNode) in pairs {
                guard let letter = scalar(letterNode, "a choice letter of \(what)") else { continue }
                guard letter.count == 1, letter.first!.isLetter, letter.uppercased() == letter else {
                    error(line(letterNode), "choice '\(letter)' of \(what) must be one capital letter, as listeners text it: A, B, C")
                    continue
                }
                if choices.contains(where: { Folding.fold($0.letter) == Folding.fold(letter) }) {
                    error(line(letterNode), "choice '\(letter)' of \(what) is listed twice")
                    continue
                }
                if let label = localized(labelNode, "choice \(letter) of \(what)") { choices.append(Quiz.Choice(letter: letter, label: label)) }
            }
            if pairs.count < 2 { error(line(choicesNode), "\(what) needs at least two choices") }
        }
        let answerNode = required(map, "answer", of: what, at: node)
        let answer = answerNode.flatMap { scalar($0, "'answer' of \(what)") }
        if let answer, let answerNode, !choices.isEmpty, !choices.contains(where: { $0.letter == answer }) {
            error(line(answerNode), "the answer of \(what) is '\(answer)', which is not one of its choices (\(choices.map(\.letter).joined(separator: ", ")))")
        }
        let points = map["points"].flatMap { count($0, "'points' of \(what)") } ?? 1
        source.quizQuestions.append((quiz: quiz, number: number, line: line(node)))
        guard let text, let answer, choices.count >= 2 else { return nil }
        return Quiz.Question(number: number, text: text, choices: choices, answer: answer, points: points)
    }

    /// `2026-11-28 18:00` in the menu's time zone.
    mutating func time(_ node: Node, _ what: String, in zone: TimeZone) -> Date? {
        guard let text = scalar(node, what) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        guard let date = formatter.date(from: text) else {
            error(line(node), "\(what) is '\(text)'; write a time like 2026-11-28 18:00 (in the menu's timezone)")
            return nil
        }
        return date
    }

    // MARK: Screens

    mutating func readScreens(_ node: Node) -> [String: Screen] {
        guard let map = mapping(node, "'screens'") else { return [:] }
        var screens: [String: Screen] = [:]
        for (idNode, screenNode) in map {
            guard let id = scalar(idNode, "a screen name") else { continue }
            guard id.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
            else {
                error(line(idNode), "screen name '\(id)' must be ASCII letters, digits, '_' or '-'")
                continue
            }
            source.screens[id] = line(idNode)
            if let screen = readScreen(id, screenNode) { screens[id] = screen }
        }
        return screens
    }

    mutating func readScreen(_ id: String, _ node: Node) -> Screen? {
        let what = "screen '\(id)'"
        guard let map = fields(node, of: what, allowed: ["text", "options", "input", "quiz", "do", "go"]) else { return nil }
        let text = required(map, "text", of: what, at: node).flatMap { localized($0, "\(what) text") }
        let body: Screen.Body?
        switch (map["options"], map["input"]) {
        case _ where map["quiz"] != nil:
            body = readQuizScreen(map, of: id, at: node).map { .quiz($0) }
        case (.some, .some):
            error(line(node), "\(what) has both 'options' and 'input'; a screen offers one or the other")
            body = nil
        case (.some(let options), nil):
            for field in ["go", "do"] where map[field] != nil {
                error(line(map[field]!), "\(what) has options, so '\(field)' belongs on each option, not on the screen")
            }
            body = readOptions(options, of: id).map { .options($0) }
        case (nil, .some(let input)):
            body = readInput(input, screenFields: map, of: id, at: node).map { .input($0) }
        case (nil, nil):
            for field in ["go", "do"] where map[field] != nil {
                error(line(map[field]!), "\(what) has '\(field)' but no options or input; a screen without them ends the session")
            }
            body = .final
        }
        guard let text, let body else { return nil }
        return Screen(id: id, text: text, body: body)
    }

    /// `quiz: ID` and `go:`: the quiz's open questions, then `go`; the screen's text is
    /// what a caller reads when none is open.
    mutating func readQuizScreen(_ map: [String: Node], of screen: String, at node: Node) -> Screen.QuizScreen? {
        let what = "screen '\(screen)'"
        for field in ["options", "input", "do"] where map[field] != nil {
            error(line(map[field]!), "\(what) shows a quiz, so it has no '\(field)': the quiz's questions and choices are its options")
        }
        let quiz = map["quiz"].flatMap { scalar($0, "'quiz' of \(what)") }
        let targetNode = required(map, "go", of: "\(what) (it shows a quiz)", at: node)
        let target = targetNode.flatMap { scalar($0, "'go' of \(what)") }
        guard let quiz, let target, let targetNode else { return nil }
        source.targets[screen, default: []].append(line(targetNode))
        source.quizScreens[screen] = (quiz, line(map["quiz"]!))
        return Screen.QuizScreen(quiz: quiz, target: target)
    }

    mutating func readOptions(_ node: Node, of screen: String) -> [Screen.Option]? {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            error(line(node), "'options' of screen '\(screen)' must be a list with at least one option")
            return nil
        }
        var options: [Screen.Option] = []
        for (index, item) in sequence.enumerated() {
            let what = "option \(index + 1) of screen '\(screen)'"
            guard let map = fields(item, of: what, allowed: ["key", "label", "go", "do", "set"]) else { continue }
            source.options[screen, default: []].append(line(item))
            let key = map["key"].flatMap { scalar($0, "the key of \(what)") } ?? String(index + 1)
            let label = required(map, "label", of: what, at: item).flatMap { localized($0, "\(what) label") }
            let targetNode = required(map, "go", of: what, at: item)
            let target = targetNode.flatMap { scalar($0, "'go' of \(what)") }
            let assignments = map["set"].map { readAssignments($0, of: what) } ?? [:]
            let actions = map["do"].map { readActions($0, of: what) } ?? []
            guard let label, let target, let targetNode else { continue }
            source.targets[screen, default: []].append(line(targetNode))
            options.append(Screen.Option(key: key, label: label, assignments: assignments, actions: actions, target: target))
        }
        return options.count == sequence.count ? options : nil
    }

    mutating func readAssignments(_ node: Node, of what: String) -> [String: String] {
        guard let map = mapping(node, "'set' of \(what)") else { return [:] }
        var assignments: [String: String] = [:]
        for (nameNode, valueNode) in map {
            guard let name = variableName(nameNode, in: "'set' of \(what)"),
                let value = scalar(valueNode, "the value of '\(name)'")
            else { continue }
            assignments[name] = value
            source.variableDefinitions.insert(name)
        }
        return assignments
    }

    mutating func readInput(_ node: Node, screenFields: [String: Node], of screen: String, at screenNode: Node) -> Screen.Input? {
        let what = "input of screen '\(screen)'"
        guard let map = fields(node, of: what, allowed: ["kind", "min", "max", "choices", "save", "hint"]) else { return nil }
        let targetNode = required(screenFields, "go", of: "screen '\(screen)' (it takes input)", at: screenNode)
        let target = targetNode.flatMap { scalar($0, "'go' of screen '\(screen)'") }
        let actions = screenFields["do"].map { readActions($0, of: "screen '\(screen)'") } ?? []
        let variable = map["save"].flatMap { variableName($0, in: "'save' of \(what)") }
        if let variable { source.variableDefinitions.insert(variable) }
        let hint = map["hint"].flatMap { localized($0, "\(what) hint") }
        guard let kindNode = required(map, "kind", of: what, at: node), let kindName = scalar(kindNode, "'kind' of \(what)")
        else { return nil }
        let kind: Screen.Input.Kind?
        switch kindName {
        case "text", "digits":
            let (defaultMin, defaultMax) = kindName == "text" ? (1, 160) : (1, 15)
            let min = map["min"].flatMap { count($0, "'min' of \(what)") } ?? defaultMin
            let max = map["max"].flatMap { count($0, "'max' of \(what)") } ?? defaultMax
            if min > max {
                error(line(node), "\(what) has min \(min) above max \(max)")
                kind = nil
            } else {
                kind = kindName == "text" ? .text(min: min, max: max) : .digits(min: min, max: max)
            }
        case "choice":
            let choices = required(map, "choices", of: what, at: node).map { node -> [String] in
                (node.sequence.map(Array.init) ?? []).compactMap { scalar($0, "a choice of \(what)") }
            }
            if let choices, choices.isEmpty {
                error(line(map["choices"]!), "'choices' of \(what) must list the accepted answers, like [A, B, C]")
            }
            kind = choices.flatMap { $0.isEmpty ? nil : .choice($0) }
        default:
            error(line(kindNode), "unknown input kind '\(kindName)' in \(what)\(Suggestion.didYouMean(kindName, among: ["text", "digits", "choice"])); use text, digits or choice")
            kind = nil
        }
        guard let kind, let target, let targetNode else { return nil }
        source.targets[screen, default: []].append(line(targetNode))
        return Screen.Input(kind: kind, variable: variable, hint: hint, actions: actions, target: target)
    }

    mutating func readActions(_ node: Node, of what: String) -> [Action] {
        guard let map = mapping(node, "'do' of \(what)") else { return [] }
        var actions: [Action] = []
        for (nameNode, argument) in map {
            guard let name = scalar(nameNode, "an action name") else { continue }
            let context = "'\(name)' in \(what)"
            switch name {
            case "set_language":
                guard let code = scalar(argument, context) else { continue }
                let language = Language(rawValue: code)
                guard languages.contains(language) else {
                    error(line(argument), "\(context) names language '\(code)', which is not in 'languages' (\(languageList))")
                    continue
                }
                actions.append(.setLanguage(language))
            case "subscribe", "unsubscribe":
                guard let campaign = scalar(argument, context) else { continue }
                actions.append(name == "subscribe" ? .subscribe(campaign: campaign) : .unsubscribe(campaign: campaign))
            case "quiz_answer":
                error(
                    line(nameNode),
                    "'quiz_answer' is gone: define the quiz once under 'quizzes:' and show it with a screen that says 'quiz: ID' (Menus/README.md)"
                )
            case "ask":
                guard let fields = fields(argument, of: context, allowed: ["commune", "topic", "text", "anonymous"]),
                    let commune = required(fields, "commune", of: context, at: argument).flatMap({ template($0, "'commune' of \(context)") }),
                    let topic = required(fields, "topic", of: context, at: argument).flatMap({ template($0, "'topic' of \(context)") }),
                    let text = required(fields, "text", of: context, at: argument).flatMap({ template($0, "'text' of \(context)") })
                else { continue }
                let anonymous = fields["anonymous"].flatMap { template($0, "'anonymous' of \(context)") } ?? Template("yes")
                actions.append(.ask(commune: commune, topic: topic, text: text, anonymous: anonymous))
                source.variableDefinitions.insert("ref")
            default:
                error(
                    line(nameNode),
                    "unknown action '\(name)' in \(what)\(Suggestion.didYouMean(name, among: Action.names)); known actions: \(Action.names.joined(separator: ", "))"
                )
            }
        }
        return actions
    }

    mutating func readSMSReplies(_ node: Node) -> SMSReplies? {
        let kinds = SMSReplies.Kind.allCases
        guard let map = fields(node, of: "'sms_replies'", allowed: kinds.map(\.rawValue)) else { return nil }
        var texts: [SMSReplies.Kind: Localized] = [:]
        for kind in kinds {
            // These texts are filled by the SMS responder, not from a session's variables.
            guard let textNode = required(map, kind.rawValue, of: "'sms_replies'", at: node),
                let text = filled(textNode, "SMS reply '\(kind.rawValue)'", variables: kind.variables)
            else { continue }
            texts[kind] = text
        }
        return texts.count == kinds.count ? SMSReplies(texts) : nil
    }

    // MARK: Values

    mutating func localized(_ node: Node, _ what: String) -> Localized? {
        guard let map = node.mapping else {
            error(line(node), "\(what) must give one text per language, like {\(languages.map { "\($0): \"…\"" }.joined(separator: ", "))}")
            return nil
        }
        var values: [Language: String] = [:]
        for (codeNode, textNode) in map {
            guard let code = scalar(codeNode, "a language code"), let text = scalar(textNode, "\(what) in '\(code)'") else { continue }
            let language = Language(rawValue: code)
            guard languages.contains(language) else {
                error(line(codeNode), "\(what) has a text in '\(code)', which is not in 'languages' (\(languageList))")
                continue
            }
            values[language] = text
            for name in Template(text).variables { source.variableUses.append((name, line(textNode))) }
        }
        let localized = Localized(values)
        source.texts.append(LocatedText(what: what, line: line(node), text: localized))
        return localized
    }

    mutating func template(_ node: Node, _ what: String) -> Template? {
        guard let text = scalar(node, what) else { return nil }
        for name in Template(text).variables { source.variableUses.append((name, line(node))) }
        return Template(text)
    }

    mutating func variableName(_ node: Node, in what: String) -> String? {
        guard let name = scalar(node, "a variable name in \(what)") else { return nil }
        guard Template.isVariableName(name) else {
            error(line(node), "'\(name)' in \(what) is not a variable name; use lower-case letters, digits and '_'")
            return nil
        }
        return name
    }

    mutating func count(_ node: Node, _ what: String) -> Int? {
        guard let text = scalar(node, what) else { return nil }
        guard let value = Int(text), value >= 0 else {
            error(line(node), "\(what) must be a whole number, not '\(text)'")
            return nil
        }
        return value
    }

    var languageList: String { languages.map(\.rawValue).joined(separator: ", ") }

    // MARK: Structure

    func line(_ node: Node) -> Int {
        node.mark?.line ?? 1
    }

    mutating func error(_ line: Int?, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, message: message))
    }

    mutating func scalar(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            error(line(node), "\(what) must be a single value, not a \(node.mapping != nil ? "mapping" : "list")")
            return nil
        }
        return scalar.string
    }

    mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        guard let mapping = node.mapping else {
            error(line(node), "\(what) must be a mapping of names to values")
            return nil
        }
        return mapping
    }

    /// The fields of a mapping by name; a name outside `allowed` is an error, since a
    /// misspelt field silently ignored is a menu that misbehaves on air.
    mutating func fields(_ node: Node, of what: String, allowed: [String]) -> [String: Node]? {
        guard let map = mapping(node, what) else { return nil }
        var fields: [String: Node] = [:]
        for (nameNode, value) in map {
            guard let name = scalar(nameNode, "a field name in \(what)") else { continue }
            guard allowed.contains(name) else {
                error(line(nameNode), "unknown field '\(name)' in \(what)\(Suggestion.didYouMean(name, among: allowed)); expected \(allowed.joined(separator: ", "))")
                continue
            }
            fields[name] = value
        }
        return fields
    }

    mutating func required(_ fields: [String: Node], _ name: String, of what: String, at node: Node) -> Node? {
        guard let value = fields[name] else {
            error(line(node), "\(what) has no '\(name)'")
            return nil
        }
        return value
    }

    /// A syntax error at the line YAML names; one found at the end of a file whose last
    /// line has no line break is named on that last line, not on one after it.
    mutating func report(yamlError: Error, lines: Int) {
        switch yamlError as? YamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            error(min(mark.line, max(lines, 1)), "YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            error(context.mark.line, "YAML: key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping")
        case .reader(let problem, _, _, _):
            error(nil, "YAML: \(problem)")
        default:
            error(nil, "YAML: \(yamlError)")
        }
    }
}
