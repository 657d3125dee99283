import Foundation

/// A contact list read from CSV: the rows that can be imported and, for every other
/// row, its line and why not, so the campaign team can fix the sheet and import again.
public struct SubscriberImport: Sendable {
    public typealias Rejection = CSVRejection

    public enum Column: String, Sendable, CaseIterable {
        case phone, name, language, commune, tags, consent, source

        /// Header names as teams write them, folded (`Téléphone` is `TELEPHONE`).
        static let names: [String: Column] = [
            "PHONE": .phone, "TELEPHONE": .phone, "NUMERO": .phone, "MSISDN": .phone, "NAME": .name, "NOM": .name,
            "LANGUAGE": .language, "LANGUE": .language, "COMMUNE": .commune, "TAGS": .tags, "ETIQUETTES": .tags,
            "CONSENT": .consent, "CONSENTEMENT": .consent, "CONSENTED_AT": .consent, "SOURCE": .source,
        ]
    }

    /// The rows of a whole text read by ``init(csv:defaultCountry:languages:source:)``.
    public var rows: [SubscriberRow] = []
    public var rejections: [Rejection] = []
    /// Header names that match no column, ignored.
    public var ignoredColumns: [String] { table.ignoredColumns }

    let table: CSVTable<Column>
    let hasTags: Bool
    let defaultCountry: String
    let languages: [Language]
    let source: String
    /// Numbers seen so far (their digits as an integer, to keep a million of them small),
    /// with the line each was on.
    var seen: [UInt64: Int32] = [:]

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case csv(CSVReader.Failure)
        case empty
        case noPhoneColumn(header: [String])

        public var description: String {
            switch self {
            case .csv(let failure): "\(failure)"
            case .empty: "the file has no header line"
            case .noPhoneColumn(let header):
                "the header (\(header.joined(separator: ", "))) has no phone column; name one phone, telephone or numero"
            }
        }
    }

    /// Ready to read the records that follow `header`. Numbers without a country code
    /// are in `defaultCountry`; languages must be among `languages` (the menus');
    /// `source` is recorded on rows without one.
    public init(header: CSVReader.Record, defaultCountry: String, languages: [Language], source: String) throws(Failure) {
        table = CSVTable(header: header, names: Column.names)
        guard table.has(.phone) else { throw .noPhoneColumn(header: header.fields) }
        hasTags = table.has(.tags)
        self.defaultCountry = defaultCountry
        self.languages = languages
        self.source = source
    }

    /// Reads a whole CSV text.
    public init(csv text: String, defaultCountry: String, languages: [Language], source: String) throws(Failure) {
        let records: [CSVReader.Record]
        do { records = try CSVReader.records(text) } catch { throw .csv(error) }
        guard let header = records.first else { throw .empty }
        try self.init(header: header, defaultCountry: defaultCountry, languages: languages, source: source)
        for record in records.dropFirst() {
            if let row = read(record) { rows.append(row) }
        }
    }

    /// The row `record` holds, or nil after noting in ``rejections`` why it cannot be imported.
    public mutating func read(_ record: CSVReader.Record) -> SubscriberRow? {
        let values: [Column: String]
        switch table.values(of: record, limit: { $0 == Column.tags ? Self.tagsLimit : Self.fieldLimit }) {
        case .failure(let rejection):
            rejections.append(rejection)
            return nil
        case .success(let read): values = read
        }
        switch Self.row(values, hasTags: hasTags, defaultCountry: defaultCountry, languages: languages, source: source) {
        case .failure(let reason):
            rejections.append(Rejection(line: record.line, reason: reason.message))
            return nil
        case .success(let row):
            let key = UInt64(row.phone.e164.dropFirst())!
            if let first = seen[key] {
                rejections.append(Rejection(line: record.line, reason: "\(row.phone) is already on line \(first)"))
                return nil
            }
            seen[key] = Int32(clamping: record.line)
            return row
        }
    }

    /// Characters a cell may hold: far above a name or a commune, far below what could
    /// fill the table from one line.
    public static let fieldLimit = 200
    public static let tagsLimit = 1_000

    struct Reason: Error {
        var message: String
    }

    static func row(
        _ values: [Column: String], hasTags: Bool, defaultCountry: String, languages: [Language], source: String
    ) -> Result<SubscriberRow, Reason> {
        guard let text = values[.phone] else { return .failure(Reason(message: "no phone number")) }
        guard let phone = PhoneNumber(text, defaultCountry: defaultCountry) else {
            return .failure(Reason(message: "'\(text.prefix(32))' is not a phone number"))
        }
        var language: Language?
        if let code = values[.language] {
            let candidate = Language(rawValue: code.lowercased())
            guard languages.contains(candidate) else {
                return .failure(Reason(message: "language '\(code)' is not one of the menus' (\(languages.map(\.rawValue).joined(separator: ", ")))"))
            }
            language = candidate
        }
        var consent: Date?
        if let text = values[.consent] {
            guard let date = parseDate(text) else {
                return .failure(Reason(message: "consent '\(text.prefix(32))' is not a date like 2026-11-21 or 2026-11-21 14:30"))
            }
            consent = date
        }
        let tags = hasTags
            ? (values[.tags] ?? "").split(whereSeparator: { $0 == "|" || $0 == "," || $0 == ";" }).map { $0.trimmed.lowercased() }
                .filter { !$0.isEmpty }
            : nil
        return .success(
            SubscriberRow(
                phone: phone, name: values[.name], language: language, commune: values[.commune], tags: tags,
                consentedAt: consent, source: values[.source] ?? source
            )
        )
    }

    /// `2026-11-21`, `2026-11-21 14:30`, `2026-11-21T14:30:00Z`, or `21/11/2026` as French
    /// spreadsheets write it; times without a zone are UTC, which is Mali's time.
    static func parseDate(_ text: String) -> Date? {
        for format in ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "dd/MM/yyyy", "dd/MM/yyyy HH:mm"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
