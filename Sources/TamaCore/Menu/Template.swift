/// Menu texts and action arguments may name session variables as `{name}`; a template
/// fills them in. Braces that do not enclose a plain name stay as written.
public struct Template: Sendable, Equatable {
    public let source: String

    public init(_ source: String) {
        self.source = source
    }

    /// The variable names the template uses, in order of appearance.
    public var variables: [String] {
        pieces.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    /// The text with each variable's value; a variable without one is left out, or, with
    /// `keepingUnknown`, kept as `{name}` for a later fill.
    public func render(_ values: [String: String], keepingUnknown: Bool = false) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): result += text
            case .variable(let name): result += values[name] ?? (keepingUnknown ? "{\(name)}" : "")
            }
        }
        return result
    }

    private enum Piece {
        case literal(Substring)
        case variable(String)
    }

    private var pieces: [Piece] {
        var pieces: [Piece] = []
        var rest = source[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            let name = rest[afterOpen..<close]
            if Template.isVariableName(name) {
                pieces.append(.literal(rest[..<open]))
                pieces.append(.variable(String(name)))
                rest = rest[rest.index(after: close)...]
            } else {
                pieces.append(.literal(rest[...open]))
                rest = rest[afterOpen...]
            }
        }
        pieces.append(.literal(rest))
        return pieces
    }

    /// Names are lower-case ASCII words (`commune`, `question_text`), so a literal `{ok}`
    /// in a promotion text is still a variable but `{ 1 }` or `{}` are plain text.
    public static func isVariableName(_ name: some StringProtocol) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else {
            return false
        }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
