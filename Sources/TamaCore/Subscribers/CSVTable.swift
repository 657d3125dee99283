/// A sheet's header read once, then each record as its known columns' values: what every
/// list Tama imports (contacts, officials) checks the same way before reading a value.
/// Header names are matched folded (`Téléphone` is `TELEPHONE`); a record whose field
/// count differs from the header's, or with a NUL character or an over-long cell, is
/// refused with the reason.
public struct CSVTable<Column: Hashable & Sendable & RawRepresentable<String>>: Sendable {
    /// Header names that match no column, ignored.
    public private(set) var ignoredColumns: [String] = []
    let columns: [Int: Column]
    let width: Int

    /// `names` maps folded header names, spaces as `_`, to columns.
    public init(header: CSVReader.Record, names: [String: Column]) {
        var columns: [Int: Column] = [:]
        for (index, name) in header.fields.enumerated() {
            if let column = names[Folding.fold(name).replacingOccurrences(of: " ", with: "_")] {
                columns[index] = column
            } else if !name.trimmed.isEmpty {
                ignoredColumns.append(name)
            }
        }
        self.columns = columns
        self.width = header.fields.count
    }

    public func has(_ column: Column) -> Bool {
        columns.values.contains(column)
    }

    /// The non-empty values of `record`, trimmed and as they were before an export
    /// guarded them; a cell may hold at most `limit(column)` characters.
    public func values(of record: CSVReader.Record, limit: (Column) -> Int) -> Result<[Column: String], CSVRejection> {
        guard record.fields.count == width else {
            return .failure(CSVRejection(line: record.line, reason: "has \(record.fields.count) fields, the header has \(width)"))
        }
        var values: [Column: String] = [:]
        for (index, column) in columns {
            let value = String(CSVReader.cell(record.fields[index]).trimmed)
            guard !value.unicodeScalars.contains("\0") else {
                return .failure(CSVRejection(line: record.line, reason: "the \(column.rawValue) contains a NUL character"))
            }
            guard value.count <= limit(column) else {
                return .failure(CSVRejection(line: record.line, reason: "the \(column.rawValue) is longer than \(limit(column)) characters"))
            }
            if !value.isEmpty { values[column] = value }
        }
        return .success(values)
    }
}

/// A record of an imported sheet that is not imported: its line and why, so the team can
/// fix the sheet and import again.
public struct CSVRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
