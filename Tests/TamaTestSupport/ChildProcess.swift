import Foundation

/// Starts `path` with `arguments` (and `environment`, when given), its output in `log`:
/// the daemon and Kannel's boxes run as real processes where a crash or a peer matters.
public func startProcess(_ path: String, _ arguments: [String], environment: [String: String]? = nil, log: URL) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let environment { process.environment = environment }
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
}
