import Crypto
import Foundation

/// A quiz draw anyone can check. Before the draw Tama publishes the list of eligible
/// people (masked numbers, one per line, in a fixed order) with its SHA-256, and the
/// SHA-256 of a secret random seed; the winners then follow from the seed and the list
/// alone, and the seed is revealed. Anyone holding the published list and seed recomputes
/// the winners with `tama quiz verify-draw`, or with a few lines of any language:
///
/// for k = 0, 1, …: h = SHA-256("<seed>:<list SHA-256>:<k>"); take h's first 8 bytes as
/// a big-endian number; the winner is the person at that number modulo the people left,
/// counted from 0 in list order; that person leaves the list.
public enum DrawProof {
    /// The published list: `1 +223 7• •• •• 12`, one line each, ending with a newline.
    public static func list(_ entries: [String]) -> String {
        entries.enumerated().map { "\($0.offset + 1) \($0.element)\n" }.joined()
    }

    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// 32 random bytes as hex, from the system's generator.
    public static func seed() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The winners' positions in the list (from 1), in the order drawn.
    public static func winners(seed: String, listHash: String, size: Int, count: Int) -> [Int] {
        var left = Array(1...max(size, 1)).prefix(size)
        var winners: [Int] = []
        for k in 0..<min(count, size) {
            let digest = Array(SHA256.hash(data: Data("\(seed):\(listHash):\(k)".utf8)))
            let number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            winners.append(left.remove(at: left.startIndex + Int(number % UInt64(left.count))))
        }
        return winners
    }
}

/// A draw as Tama publishes it: a text anyone can keep, read and check.
///
/// ```
/// Tama draw 3 · quiz civisme-2026 · among all-correct · 2 winner(s)
/// list-sha256: 5f0c…
/// seed-sha256: 9a41…
/// seed: 3b7e…            (once revealed)
/// winners: 5, 12         (positions in the list)
/// list:
/// 1 +223 7• •• •• 12
/// …
/// ```
public struct PublishedDraw: Sendable, Equatable, Codable {
    public var id: Int64
    public var quiz: String
    public var among: String
    public var count: Int
    public var listHash: String
    public var seedHash: String
    /// Secret until the winners are drawn.
    public var seed: String?
    public var winners: [Int]
    /// The masked numbers, in the list's order.
    public var list: [String]

    public init(id: Int64, quiz: String, among: String, count: Int, listHash: String, seedHash: String, seed: String?, winners: [Int], list: [String]) {
        self.id = id
        self.quiz = quiz
        self.among = among
        self.count = count
        self.listHash = listHash
        self.seedHash = seedHash
        self.seed = seed
        self.winners = winners
        self.list = list
    }

    public var text: String {
        var lines = [
            "Tama draw \(id) · quiz \(quiz) · among \(among) · \(count) winner(s)", "list-sha256: \(listHash)", "seed-sha256: \(seedHash)",
        ]
        if let seed { lines += ["seed: \(seed)", "winners: \(winners.map(String.init).joined(separator: ", "))"] }
        return (lines + ["list:"]).joined(separator: "\n") + "\n" + DrawProof.list(list)
    }

    /// Reads a published draw back; nil when the text is not one.
    public init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func value(_ name: String) -> String? {
            lines.first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
        }
        guard let header = lines.first, header.hasPrefix("Tama draw "), let listStart = lines.firstIndex(of: "list:"),
            let listHash = value("list-sha256"), let seedHash = value("seed-sha256")
        else { return nil }
        let parts = header.components(separatedBy: " · ")
        guard parts.count == 4, let id = Int64(parts[0].dropFirst("Tama draw ".count)),
            let count = Int(parts[3].split(separator: " ").first ?? "")
        else { return nil }
        var list: [String] = []
        for line in lines[(listStart + 1)...] where !line.isEmpty {
            guard let space = line.firstIndex(of: " "), Int(line[..<space]) == list.count + 1 else { return nil }
            list.append(String(line[line.index(after: space)...]))
        }
        self.init(
            id: id, quiz: String(parts[1].dropFirst("quiz ".count)), among: String(parts[2].dropFirst("among ".count)), count: count,
            listHash: listHash, seedHash: seedHash, seed: value("seed"),
            winners: (value("winners") ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }, list: list
        )
    }

    /// What does not hold in the draw as published: empty when its list, seed and
    /// winners all agree.
    public func problems() -> [String] {
        var problems: [String] = []
        let computedList = DrawProof.sha256(DrawProof.list(list))
        if computedList != listHash { problems.append("the list's SHA-256 is \(computedList), not the \(listHash) published before the draw") }
        guard let seed else { return problems + ["the seed is not revealed yet"] }
        if DrawProof.sha256(seed) != seedHash { problems.append("the seed's SHA-256 is not the \(seedHash) published before the draw") }
        let drawn = DrawProof.winners(seed: seed, listHash: listHash, size: list.count, count: count)
        if drawn != winners {
            problems.append("the seed and the list give winners \(drawn.map(String.init).joined(separator: ", ")), not \(winners.map(String.init).joined(separator: ", "))")
        }
        return problems
    }
}
