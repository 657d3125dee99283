import ArgumentParser
import Foundation
import TamaCore
import TamaStore

/// `tama quiz open|close QUIZ QUESTION`: the host's commands, from the studio's computer.
struct QuizCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Open and close a radio quiz's questions.",
        subcommands: [Open.self, Close.self]
    )

    /// The quiz and question a command names, checked against the menus.
    struct Target: ParsableArguments {
        @Argument(help: "The quiz, as its menu names it (civisme-2026).")
        var quiz: String

        @Argument(help: "The question: its number (2) or id (q2).")
        var question: String

        @OptionGroup var location: SubscribersCommand.Location

        @Option(help: "The menus that define the quiz (default: TAMA_MENUS, else Menus).")
        var menus: String?

        /// Records `state` for the question, after checking that it exists.
        func set(_ state: QuestionState) async throws {
            let catalog = try loadMenus(menus ?? ProcessInfo.processInfo.environment["TAMA_MENUS"] ?? "Menus", format: ScreenFormat())
            let quizzes = catalog.menus.flatMap(\.quizzes.values)
            guard let quiz = quizzes.first(where: { $0.id == self.quiz }) else {
                throw ValidationError("there is no quiz '\(self.quiz)'; the menus define: \(quizzes.map(\.id).sorted().joined(separator: ", "))")
            }
            guard let question = quiz.question(named: question) else {
                throw ValidationError("quiz '\(quiz.id)' has no question '\(self.question)'; it has 1 to \(quiz.questions.count)")
            }
            let database = try AppDatabase.open(path: location.databasePath)
            try await database.setState(state, of: question.id, in: quiz.id, actor: "cli", role: nil, at: Date())
            print("\(quiz.id) question \(question.number) is \(state.rawValue)")
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a question: answers count from now.")
        @OptionGroup var target: Target
        func run() async throws { try await target.set(.open) }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a question: answers from now are kept as late and never count.")
        @OptionGroup var target: Target
        func run() async throws { try await target.set(.closed) }
    }
}
