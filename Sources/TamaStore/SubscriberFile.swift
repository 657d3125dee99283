import Foundation
import TamaCore

/// A contact list file imported as it is read, a megabyte at a time, so a million lines
/// need no more memory than a few thousand: parsing, checking and storing go together.
public struct SubscriberFile: Sendable {
    public struct Report: Sendable {
        public var counts = AppDatabase.ImportCounts()
        public var rejections: [SubscriberImport.Rejection] = []
        public var ignoredColumns: [String] = []
        public var rowsRead = 0
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case notUTF8(path: String, line: Int)
        case list(SubscriberImport.Failure)

        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read \(path)"
            case .notUTF8(let path, let line): "\(path): near line \(line), the text is not UTF-8: save the sheet as 'CSV UTF-8'"
            case .list(let failure): "\(failure)"
            }
        }
    }

    public let path: String
    public var defaultCountry: String
    public var languages: [Language]
    public var campaign: String?
    /// Bytes read at a time (at least one line's worth is taken whatever this says).
    public var chunkSize = 1 << 20

    public init(path: String, defaultCountry: String, languages: [Language], campaign: String?) {
        self.path = path
        self.defaultCountry = defaultCountry
        self.languages = languages
        self.campaign = campaign
    }

    /// Imports the file; `progress` hears the report so far after each batch is stored,
    /// so a long list shows how it goes.
    public func `import`(into database: AppDatabase, at now: Date, progress: (Report, _ rejected: Int) -> Void = { _, _ in }) async throws -> Report {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.unreadable(path) }
        defer { try? handle.close() }
        let source = "import:" + URL(fileURLWithPath: path).lastPathComponent
        var parser = CSVParser()
        var list: SubscriberImport?
        var report = Report()
        var carry = Data()
        var batch: [SubscriberRow] = []
        var lines = 1
        func take(_ records: [CSVReader.Record]) throws {
            for record in records {
                guard list != nil else {
                    do {
                        list = try SubscriberImport(header: record, defaultCountry: defaultCountry, languages: languages, source: source)
                    } catch { throw Failure.list(error) }
                    continue
                }
                report.rowsRead += 1
                // Read in place: a copy would copy the numbers seen so far, every row.
                if let row = list!.read(record) { batch.append(row) }
            }
        }
        func flush(_ force: Bool) async throws {
            guard batch.count >= AppDatabase.enqueueBatch || (force && !batch.isEmpty) else { return }
            let counts = try await database.importSubscribers(batch, campaign: campaign, at: now)
            report.counts.added += counts.added
            report.counts.updated += counts.updated
            report.counts.erased += counts.erased
            batch.removeAll(keepingCapacity: true)
            progress(report, list?.rejections.count ?? 0)
        }
        while true {
            let data = try handle.read(upToCount: chunkSize) ?? Data()
            carry.append(data)
            // Cut after the last line break, so neither a UTF-8 sequence nor "\r\n" is split.
            let end = data.isEmpty ? carry.endIndex : (carry.lastIndex(of: UInt8(ascii: "\n")).map { carry.index(after: $0) } ?? carry.startIndex)
            let piece = carry[carry.startIndex..<end]
            guard let text = String(validating: piece, as: UTF8.self) else { throw Failure.notUTF8(path: path, line: lines) }
            lines += piece.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            var records: [CSVReader.Record] = []
            parser.feed(text[...]) { records.append($0) }
            try take(records)
            try await flush(false)
            carry = Data(carry[end...])
            if data.isEmpty { break }
        }
        do {
            if let last = try parser.finish() { try take([last]) }
        } catch let failure as CSVReader.Failure {
            throw Failure.list(.csv(failure))
        }
        guard let list else { throw Failure.list(.empty) }
        try await flush(true)
        report.rejections = list.rejections
        report.ignoredColumns = list.ignoredColumns
        return report
    }
}
