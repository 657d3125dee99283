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
        subcommands: [Open.self, Close.self, Draw.self, VerifyDraw.self]
    )

    /// Where the quizzes are: the database and the menus that define them.
    struct Setting: ParsableArguments {
        @OptionGroup var location: SubscribersCommand.Location

        @Option(help: "The menus that define the quiz (default: TAMA_MENUS, else Menus).")
        var menus: String?

        func service(route: String? = nil) throws -> QuizService {
            let environment = ProcessInfo.processInfo.environment
            let catalog = try loadMenus(menus ?? environment["TAMA_MENUS"] ?? "Menus", format: ScreenFormat())
            return QuizService(
                database: try AppDatabase.open(path: location.databasePath), catalog: catalog, country: environment["TAMA_DEFAULT_COUNTRY"] ?? "223",
                route: route
            )
        }
    }

    /// The quiz and question a command names, checked against the menus.
    struct Target: ParsableArguments {
        @Argument(help: "The quiz, as its menu names it (civisme-2026).")
        var quiz: String

        @Argument(help: "The question: its number (2) or id (q2).")
        var question: String

        @OptionGroup var setting: Setting

        /// Records `state` for the question, after checking that it exists.
        func set(_ state: QuestionState) async throws {
            let service = try setting.service()
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

    struct Draw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw winners anyone can check: prints the published draw (list, hashes, seed, winners).",
            discussion: """
                The eligible list (masked numbers, first contact first, hosts left out) and the SHA-256 of a secret seed \
                are recorded before the winners are drawn from the seed and the list alone; then the seed is revealed. \
                Keep or publish the text: tama quiz verify-draw FILE checks it.
                """
        )
        @Argument(help: "The quiz.") var quiz: String
        @Option(help: "all-correct (every answer right and in time) or participants.") var among: String = "all-correct"
        @Option(help: "How many winners.") var count = 1
        @Option(help: "The route winners are told by SMS (default: TAMA_SMS_ROUTE; none: no SMS).") var route: String?
        @Option(name: .shortAndLong, help: "Also write the published draw to this file.") var output: String?
        @OptionGroup var setting: Setting

        func run() async throws {
            guard let pool = AppDatabase.DrawPool(rawValue: among) else { throw ValidationError("--among is all-correct or participants") }
            let service = try setting.service(route: route ?? ProcessInfo.processInfo.environment["TAMA_SMS_ROUTE"])
            // A refusal (nobody eligible, an unknown quiz) is not a usage mistake: its reason alone.
            let draw = try await service.draw(quiz, among: pool, count: count, actor: "cli", role: nil)
            print(draw.text, terminator: "")
            if let output { try draw.text.write(toFile: output, atomically: true, encoding: .utf8) }
        }
    }

    struct VerifyDraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-draw", abstract: "Recompute a published draw's winners from its list and seed; exit 1 if anything differs."
        )
        @Argument(help: "The published draw, as tama quiz draw printed it.") var file: String

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8), let draw = PublishedDraw(text: text) else {
                throw ValidationError("\(file) is not a published draw")
            }
            let problems = draw.problems()
            guard problems.isEmpty else {
                for problem in problems { print("✗ \(problem)") }
                throw ExitCode.failure
            }
            print("✓ draw \(draw.id): the list and the seed match what was published before the draw, and give winners \(draw.winners.map { "\($0) \(draw.list[$0 - 1])" }.joined(separator: ", "))")
        }
    }
}
