/// Reads CSV as it arrives, chunk by chunk, so a contact list of a million lines never
/// sits whole in memory. The separator is the header line's; see ``CSVReader``.
///
/// It reads Unicode scalars, not Characters: a quote, a separator or a line break
/// followed by a combining mark is one Swift Character, and must still be a quote, a
/// separator or a line break. Chunks must end at a line break (or be the last), as
/// ``feed(_:emit:)`` callers reading bytes split after a `\n`.
public struct CSVParser: Sendable {
    public private(set) var separator: Character?
    private var fields: [String] = []
    private var field = ""
    private var quoted = false
    private var afterQuote = false
    /// The last scalar was a carriage return: a line feed now ends nothing more.
    private var afterReturn = false
    private var started = false
    private var line = 1
    private var recordLine = 1

    public init(separator: Character? = nil) {
        self.separator = separator
    }

    /// Parses `chunk`, handing each complete record to `emit`.
    public mutating func feed(_ chunk: Substring, emit: (CSVReader.Record) throws -> Void) rethrows {
        var text = chunk.unicodeScalars
        guard !text.isEmpty else { return }
        if !started {
            started = true
            // Some tools write the byte order mark twice.
            while text.first == "\u{FEFF}" { text = text.dropFirst() }
            if separator == nil { separator = CSVReader.detectSeparator(Substring(text)) }
        }
        let separator = self.separator!.unicodeScalars.first!
        for scalar in text {
            let newline = CSVReader.isNewline(scalar)
            // "\r\n" is one line end: the "\n" adds nothing.
            let secondHalf = afterReturn && scalar == "\n"
            afterReturn = scalar == "\r"
            if quoted {
                if scalar == "\"" {
                    quoted = false
                    afterQuote = true
                } else {
                    if newline && !secondHalf { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            if scalar == "\"" {
                // `""` inside a quoted field is a quote; a quote opening a field starts quoting.
                if afterQuote { field.unicodeScalars.append("\"") }
                quoted = true
                afterQuote = false
                continue
            }
            afterQuote = false
            if scalar == separator {
                fields.append(field)
                field = ""
            } else if newline {
                guard !secondHalf else { continue }
                line += 1
                try endRecord(emit)
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
    }

    /// Ends the input: the last record if it had no line break, or an error for a quote
    /// never closed.
    public mutating func finish() throws(CSVReader.Failure) -> CSVReader.Record? {
        if quoted { throw .unterminatedQuote(line: recordLine) }
        guard !field.isEmpty || !fields.isEmpty else { return nil }
        return takeRecord()
    }

    private mutating func endRecord(_ emit: (CSVReader.Record) throws -> Void) rethrows {
        if let record = takeRecord() { try emit(record) }
    }

    /// The record read so far; nil for a blank line, which is skipped.
    private mutating func takeRecord() -> CSVReader.Record? {
        fields.append(field)
        let record = CSVReader.Record(line: recordLine, fields: fields)
        fields = []
        field = ""
        recordLine = line
        return record.fields.count == 1 && record.fields[0].isEmpty ? nil : record
    }
}
