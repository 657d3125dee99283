import ArgumentParser
import Foundation
import TamaCore
import TamaServer
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
            let country = ProcessInfo.processInfo.environment["TAMA_DEFAULT_COUNTRY"] ?? "223"
            let service = QuizService(database: try AppDatabase.open(path: location.databasePath), catalog: catalog, country: country)
            do {
                let question = try await service.set(state, question: question, of: quiz, actor: "cli", role: nil)
                print("\(quiz) question \(question.number) is \(state.rawValue)")
            } catch let problem as QuizProblem {
                let known = service.quizzes.map(\.id).joined(separator: ", ")
                throw ValidationError(problem == .unknownQuiz(quiz) ? "\(problem); the menus define: \(known)" : "\(problem)")
            }
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
