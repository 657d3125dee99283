import Foundation

/// Reads the CSV files campaign teams export from spreadsheets (RFC 4180 and what Excel
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
        var counts: [Character: Int] = [";": 0, ",": 0]
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == "\n" || character == "\r\n" { if !quoted { break } }
            if !quoted, counts[character] != nil { counts[character]! += 1 }
        }
        return counts[";"]! > counts[","]! ? ";" : ","
    }

    /// Every record of `text`, blank lines skipped.
    public static func records(_ text: String) throws(Failure) -> [Record] {
        var body = text[...]
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        return try CSVReader(separator: detectSeparator(body)).records(body)
    }

    public func records(_ text: Substring) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            recordLine = line
        }
        // Swift reads "\r\n" as one Character, so line ends are one step either way.
        for character in text {
            if quoted {
                if character == "\"" {
                    quoted = false
                    afterQuote = true
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
                continue
            }
            if character == "\"" {
                // `""` inside a quoted field is a quote; a quote opening a field starts quoting.
                if afterQuote { field.append("\"") }
                quoted = true
                afterQuote = false
                continue
            }
            afterQuote = false
            if character == separator {
                fields.append(field)
                field = ""
            } else if character.isNewline {
                line += 1
                endRecord()
            } else {
                field.append(character)
            }
        }
        if quoted { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// One record as a line, quoting what needs it.
    public func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == separator || $0 == "\"" || $0.isNewline }) || field.first == " " || field.last == " "
            else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: String(separator))
    }
}
