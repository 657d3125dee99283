import Foundation
import Testing

@testable import TamaFuzzTargets

/// Every committed fuzz input, seeds and past findings alike, through the same checks
/// the fuzzer runs: a finding fixed once stays fixed.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ target: FuzzTarget) throws -> [URL] {
        try ["Corpus", "Regressions"].flatMap { folder -> [URL] in
            let directory = root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        }.sorted { $0.path < $1.path }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCommittedInputPasses(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(target)
        #expect(!inputs.isEmpty, "each target has seeds in Fuzz/Corpus/\(target.rawValue)")
        for input in inputs {
            let broken = target.check(try Data(contentsOf: input))
            #expect(broken == nil, "\(input.lastPathComponent): \(broken ?? "")")
        }
    }
}
