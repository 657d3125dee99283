/// The officials' registry read from CSV, as contact lists are: every row that can be
/// registered, and for every other one its line and why not.
public struct OfficialImport: Sendable {
    public enum Column: String, Sendable, CaseIterable {
        case name, office, commune, phone, languages, topics

        static let names: [String: Column] = [
            "NAME": .name, "NOM": .name, "OFFICE": .office, "FONCTION": .office, "POSTE": .office, "COMMUNE": .commune,
            "PHONE": .phone, "TELEPHONE": .phone, "NUMERO": .phone, "LANGUAGES": .languages, "LANGUES": .languages,
            "LANGUAGE": .languages, "LANGUE": .languages, "TOPICS": .topics, "SUJETS": .topics, "THEMES": .topics,
        ]
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case csv(CSVReader.Failure)
        case empty
        case missingColumns([Column])

        public var description: String {
            switch self {
            case .csv(let failure): "\(failure)"
            case .empty: "the file has no header line"
            case .missingColumns(let columns):
                "the header has no \(columns.map(\.rawValue).joined(separator: ", ")) column; a registry needs name, office, commune and phone"
            }
        }
    }

    public var officials: [Official] = []
    public var rejections: [CSVRejection] = []
    public var ignoredColumns: [String] = []

    /// Reads `text`. Numbers without a country code are in `defaultCountry`; communes,
    /// topics and languages must be the menus' (`questions`, `languages`).
    public init(csv text: String, defaultCountry: String, questions: CivicQuestions, languages: [Language]) throws(Failure) {
        let records: [CSVReader.Record]
        do { records = try CSVReader.records(text) } catch { throw .csv(error) }
        guard let header = records.first else { throw .empty }
        let table = CSVTable(header: header, names: Column.names)
        let missing = [Column.name, .office, .commune, .phone].filter { !table.has($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        ignoredColumns = table.ignoredColumns
        var seen: [PhoneNumber: Int] = [:]
        for record in records.dropFirst() {
            let result = table.values(of: record, limit: { _ in SubscriberImport.fieldLimit }).flatMap { values in
                Self.official(values, defaultCountry: defaultCountry, questions: questions, languages: languages)
                    .mapError { CSVRejection(line: record.line, reason: $0.description) }
            }
            switch result {
            case .failure(let rejection): rejections.append(rejection)
            case .success(let official):
                if let line = seen[official.phone] {
                    rejections.append(CSVRejection(line: record.line, reason: "\(official.phone) is already on line \(line)"))
                } else {
                    seen[official.phone] = record.line
                    officials.append(official)
                }
            }
        }
    }

    /// An official from named values (a sheet's row, the API's fields), or why not.
    public static func official(
        _ values: [Column: String], defaultCountry: String, questions: CivicQuestions, languages: [Language]
    ) -> Result<Official, OfficialProblem> {
        guard let name = values[.name] else { return .failure(OfficialProblem("no name")) }
        guard let text = values[.phone] else { return .failure(OfficialProblem("no phone number")) }
        guard let phone = PhoneNumber(text, defaultCountry: defaultCountry) else {
            return .failure(OfficialProblem("'\(text.prefix(32))' is not a phone number"))
        }
        guard let written = values[.office], let office = Office(written: written) else {
            let offices = Office.allCases.map(\.rawValue).joined(separator: ", ")
            return .failure(OfficialProblem(values[.office].map { "office '\($0.prefix(32))' is not one of \(offices) (or maire, adjoint, conseiller, député)" } ?? "no office"))
        }
        guard let commune = values[.commune] else { return .failure(OfficialProblem("no commune")) }
        guard let known = questions.commune(written: commune) else {
            return .failure(OfficialProblem("commune '\(commune.prefix(32))' is not one of the menus' (\(questions.communes.map(\.id).joined(separator: ", ")))"))
        }
        let spoken = list(values[.languages]).map { Language(rawValue: $0) }
        if let unknown = spoken.first(where: { !languages.contains($0) }) {
            return .failure(OfficialProblem("language '\(unknown)' is not one of the menus' (\(languages.map(\.rawValue).joined(separator: ", ")))"))
        }
        let topicIDs = list(values[.topics])
        if let unknown = topicIDs.first(where: { id in !["all", "tous", "*"].contains(id) && !questions.topics.contains { $0.id == id } }) {
            return .failure(OfficialProblem("topic '\(unknown.prefix(32))' is not one of the menus' (\(questions.topics.map(\.id).joined(separator: ", ")))"))
        }
        let all = topicIDs.isEmpty || topicIDs.contains { ["all", "tous", "*"].contains($0) }
        return .success(
            Official(
                name: name, office: office, commune: known.id, phone: phone, languages: spoken.isEmpty ? [languages.first ?? "fr"] : spoken,
                topics: all ? nil : topicIDs
            )
        )
    }

    /// `fr|bm`, `fr, bm` or `fr bm`, lower-cased.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { "|,; ".contains($0) }).map { $0.lowercased() }
    }
}

/// Why an official cannot be registered, as a user can act on it.
public struct OfficialProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
