import Foundation

/// Writes and reads the CSV files campaign teams export from spreadsheets (RFC 4180 and what Excel
/// does in French locales): `,` or `;` as separator, whichever the header line uses; a
/// UTF-8 byte order mark; quoted fields with `""` for a quote and line breaks inside;
/// CRLF or LF line ends. Each record keeps the line it starts on, for error reports.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(line: Int)

        public var description: String {
            switch self {
            case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
            }
        }
    }

    public let separator: Character

    public init(separator: Character) {
        self.separator = separator
    }

    /// The separator the header line uses: the more frequent of `;` and `,` outside quotes.
    public static func detectSeparator(_ text: Substring) -> Character {
        var (semicolons, commas) = (0, 0)
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            guard !quoted else { continue }
            if isNewline(scalar) { break }
            if scalar == ";" { semicolons += 1 }
            if scalar == "," { commas += 1 }
        }
        return semicolons > commas ? ";" : ","
    }

    /// The scalars Swift counts as line breaks (`Character.isNewline`).
    static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
    }

    /// Every record of `text`, blank lines skipped.
    public static func records(_ text: String) throws(Failure) -> [Record] {
        var parser = CSVParser()
        var records: [Record] = []
        parser.feed(text[...]) { records.append($0) }
        if let last = try parser.finish() { records.append(last) }
        return records
    }

    /// One record as a line, quoting what needs it. A cell a spreadsheet would run as a
    /// formula (starting `=`, `+`, `-`, `@`, a tab or a carriage return) is written after
    /// an apostrophe, as OWASP advises: a name typed as `=HYPERLINK(…)` stays text. A phone
    /// number, whole or masked, runs nothing and stays as it is.
    public func line(_ fields: [String]) -> String {
        let separator = self.separator.unicodeScalars.first!
        return fields.map { field in
            let field = Self.mayRunAsFormula(field) ? "'" + field : field
            let scalars = field.unicodeScalars
            // Scalars, as the parser reads them: a quote under a combining mark is a quote.
            // A leading byte order mark would be taken for the file's own when first.
            guard scalars.contains(where: { $0 == separator || $0 == "\"" || Self.isNewline($0) }) || scalars.first == " " || scalars.last == " "
                || scalars.first == "\u{FEFF}"
            else { return field }
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in scalars {
                if scalar == "\"" { quoted.append("\"") }
                quoted.append(scalar)
            }
            quoted.append("\"")
            return String(quoted)
        }.joined(separator: String(self.separator))
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A sign before digits only (`+22376000001`, `-5`), spaces and masking bullets
    /// (`+223 7• •• •• 12`) runs nothing: everything else starting so may.
    public static func mayRunAsFormula(_ field: String) -> Bool {
        let scalars = field.unicodeScalars
        guard let first = scalars.first, formulaStarts.contains(first) else { return false }
        let rest = scalars.dropFirst()
        return !((first == "+" || first == "-") && rest.first.map { ("0"..."9").contains($0) } == true
            && rest.allSatisfy { ("0"..."9").contains($0) || $0 == " " || $0 == "•" })
    }

    /// A cell as it was before ``line(_:)`` guarded it: an exported list imports again.
    public static func cell(_ field: String) -> Substring {
        let scalars = field.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, formulaStarts.contains(second) else { return field[...] }
        return field.dropFirst()
    }
}
