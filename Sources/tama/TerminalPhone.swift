import Foundation
import TamaCore

/// A basic phone in the terminal: each screen in a narrow frame, keys read from the
/// keyboard, the session's text accumulated as an aggregator would send it.
struct TerminalPhone {
    typealias Transport = @Sendable (USSDHop) async throws -> Reply

    let dial: String
    let phone: PhoneNumber
    let send: Transport
    /// Characters per line on a typical feature phone's screen.
    let width = 22

    init(dial: String, phone: PhoneNumber, send: @escaping Transport) {
        self.dial = dial
        self.phone = phone
        self.send = send
    }

    func run() async throws {
        let sessionID = "SIM_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        var keys: [String] = []
        print("Dialling \(dial) from \(phone) (Ctrl-D hangs up)")
        while true {
            let hop = USSDHop(
                aggregator: "africastalking", sessionID: sessionID, serviceCode: dial, phone: phone, network: "99999",
                text: keys.joined(separator: "*")
            )
            let reply = try await send(hop)
            print(frame(reply.text))
            if reply.ends {
                print("(session ended)")
                return
            }
            print("> ", terminator: "")
            guard let line = readLine() else {
                print("\n(hung up)")
                return
            }
            keys.append(line)
        }
    }

    func frame(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { wrap(String($0)) }
        let border = String(repeating: "─", count: width + 2)
        let body = lines.map { "│ " + $0.padding(toLength: width, withPad: " ", startingAt: 0) + " │" }
        return (["┌" + border + "┐"] + body + ["└" + border + "┘"]).joined(separator: "\n")
    }

    private func wrap(_ line: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(word)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }
}
