import TamaCore

/// Where each part of a menu stands in its file, kept by the parser so the linter can
/// point at the line of any problem it finds in the model.
struct SourceMap: Sendable {
    /// Lines of top-level fields (`start`, `language_screen`, `languages`, `keys`).
    var fields: [String: Int] = [:]
    var screens: [String: Int] = [:]
    /// Per screen, the line of each of its targets, in the order of ``Screen/targets``.
    var targets: [String: [Int]] = [:]
    /// Per screen, the line of each option.
    var options: [String: [Int]] = [:]
    var texts: [LocatedText] = []
    var variableUses: [(name: String, line: Int)] = []
    /// Variables set by options (`set:`) or saved by inputs (`save:`).
    var variableDefinitions: Set<String> = []
    var keywords: [(word: String, line: Int)] = []
    var quizzes: [String: Int] = [:]
    var quizQuestions: [(quiz: String, number: Int, line: Int)] = []
    /// Screens that show a quiz: the quiz named and the line naming it.
    var quizScreens: [String: (quiz: String, line: Int)] = [:]
    var codes: [(code: String, line: Int)] = []
    var communes: [String: Int] = [:]
    var topics: [String: Int] = [:]

    func line(of field: String) -> Int {
        fields[field] ?? 1
    }
}

/// A translated text and what to call it in a message.
struct LocatedText: Sendable {
    var what: String
    var line: Int
    var text: Localized
}
