import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `tama broadcast …`: the admin API from a terminal, so what the CLI does is exactly what
/// the console and scripts can do, with the same roles and audit log.
struct BroadcastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadcast",
        abstract: "Preview, schedule and follow broadcasts through a running daemon's API.",
        discussion: "The token comes from --token or TAMA_API_TOKEN (tama token create --role campaign).",
        subcommands: [Preview.self, Create.self, List.self, Show.self, Report.self, Pause.self, Resume.self, Cancel.self]
    )

    struct Connection: ParsableArguments {
        @Option(help: "The daemon (default: TAMA_SERVER, else http://127.0.0.1:8080).")
        var server: String?

        @Option(help: "An API token (default: TAMA_API_TOKEN).")
        var token: String?

        /// Sends a request and prints the JSON answer; an error status prints the reason and fails.
        func call(_ method: String, _ path: String, body: Data? = nil) async throws {
            let data = try await request(method, path, body: body)
            print(Self.pretty(data) ?? String(decoding: data, as: UTF8.self))
        }

        /// Sends a request and returns the answer's body; an error status prints the reason and fails.
        func request(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
            let environment = ProcessInfo.processInfo.environment
            let base = server ?? environment["TAMA_SERVER"] ?? "http://127.0.0.1:8080"
            guard let token = token ?? environment["TAMA_API_TOKEN"] else {
                throw ValidationError("no token: pass --token or set TAMA_API_TOKEN (tama token create --role campaign --label …)")
            }
            guard let url = URL(string: base + "/api/v1/" + path) else { throw ValidationError("--server is not a URL: \(base)") }
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
            let data: Data
            let response: URLResponse
            do {
                (data, response) = try await URLSession.shared.data(for: request)
            } catch {
                FileHandle.standardError.write(Data("error: cannot reach \(base): is tama serve running there? (\(error.localizedDescription))\n".utf8))
                throw ExitCode.failure
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                let reason = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["reason"] as? String ?? String(decoding: data, as: UTF8.self)
                FileHandle.standardError.write(Data("error: \(status): \(reason)\n".utf8))
                throw ExitCode.failure
            }
            return data
        }

        static func pretty(_ data: Data) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: data),
                let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            else { return nil }
            return String(decoding: pretty, as: UTF8.self)
        }
    }

    /// A broadcast as flags, turned into the API's JSON.
    struct Draft: ParsableArguments {
        @Option(help: "The broadcast's name.")
        var name: String

        @Option(help: "The campaign it belongs to.")
        var campaign: String

        @Option(help: "A text, as LANGUAGE=TEXT (repeatable): --text 'fr=Réunion samedi' --text 'bm=…'.")
        var text: [String]

        @Option(help: "The language whose text goes to people with no text of their own.")
        var fallback: String = "fr"

        @Option(help: "Only these communes (repeatable).")
        var commune: [String] = []

        @Option(help: "Only these languages (repeatable).")
        var language: [String] = []

        @Option(help: "Only people with one of these tags (repeatable).")
        var tag: [String] = []

        @Flag(help: "Also people who never subscribed to the campaign (imported contacts); never those who left it or sent STOP.")
        var includeNonSubscribers = false

        @Option(help: "When: '2026-11-22 08:00' in the campaign's time zone; default now.")
        var at: String?

        func json() throws -> Data {
            var texts: [String: String] = [:]
            for pair in text {
                guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--text is LANGUAGE=TEXT, not '\(pair)'") }
                texts[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            let audience: [String: Any] = ["communes": commune, "languages": language, "tags": tag, "subscribersOnly": !includeNonSubscribers]
            var body: [String: Any] = ["name": name, "campaign": campaign, "texts": texts, "fallback": fallback, "audience": audience]
            if let at { body["scheduledAt"] = at }
            return try JSONSerialization.data(withJSONObject: body)
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recipients, parts, cost and finish time, without scheduling.")
        @OptionGroup var draft: Draft
        @OptionGroup var connection: Connection
        func run() async throws { try await connection.call("POST", "broadcasts/preview", body: try draft.json()) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule a broadcast (at --at, or now).", aliases: ["schedule"]
        )
        @OptionGroup var draft: Draft
        @OptionGroup var connection: Connection
        func run() async throws { try await connection.call("POST", "broadcasts", body: try draft.json()) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every broadcast with its progress.")
        @OptionGroup var connection: Connection
        func run() async throws { try await connection.call("GET", "broadcasts") }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One broadcast with its progress.")
        @Argument var id: Int64
        @Flag(help: "Follow it with a progress bar, once a second, until it is finished, cancelled or failed.")
        var follow = false
        @OptionGroup var connection: Connection

        func run() async throws {
            guard follow else { return try await connection.call("GET", "broadcasts/\(id)") }
            let progress = TerminalProgress()
            var last = ""
            while true {
                let shown = try BroadcastProgressLine(json: try await connection.request("GET", "broadcasts/\(id)"))
                progress.show(shown.line, force: true)
                // Without a terminal, a line each time something moved.
                if !progress.isTerminal, shown.line != last { print(shown.line) }
                last = shown.line
                if shown.isOver { break }
                try await Task.sleep(for: .seconds(1))
            }
            progress.end()
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every message of a broadcast as CSV: number, status, error, parts, times.")
        @Argument var id: Int64
        @OptionGroup var connection: Connection
        func run() async throws { try await connection.call("GET", "broadcasts/\(id)/report.csv") }
    }

    struct Pause: BroadcastChange {
        static let configuration = CommandConfiguration(abstract: "Hold a broadcast's unsent messages.")
        static let action = "pause"
        @Argument var id: Int64
        @OptionGroup var connection: Connection
    }

    struct Resume: BroadcastChange {
        static let configuration = CommandConfiguration(abstract: "Let a paused broadcast go on.")
        static let action = "resume"
        @Argument var id: Int64
        @OptionGroup var connection: Connection
    }

    struct Cancel: BroadcastChange {
        static let configuration = CommandConfiguration(abstract: "Cancel a broadcast's unsent messages for good.")
        static let action = "cancel"
        @Argument var id: Int64
        @OptionGroup var connection: Connection
    }
}

/// Pause, resume and cancel: one POST each, to the broadcast's action.
protocol BroadcastChange: AsyncParsableCommand {
    static var action: String { get }
    var id: Int64 { get }
    var connection: BroadcastCommand.Connection { get }
}

extension BroadcastChange {
    func run() async throws { try await connection.call("POST", "broadcasts/\(id)/\(Self.action)") }
}
