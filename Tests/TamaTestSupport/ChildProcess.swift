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

/// Starts `path` as ``startProcess(_:_:environment:log:)`` does, but with SIGTERM as a
/// terminal or systemd gives it: a test process ignores and blocks SIGTERM
/// (ServiceLifecycle watches it for the daemons tests run in-process), and a child
/// inherits both, so a daemon started directly could never be asked to stop.
public func startStoppableProcess(_ path: String, _ arguments: [String], environment: [String: String]? = nil, log: URL) throws -> Process {
    let resetSIGTERM = "import os, signal, sys; signal.signal(signal.SIGTERM, signal.SIG_DFL); signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
    return try startProcess("/usr/bin/python3", ["-c", resetSIGTERM, path] + arguments, environment: environment, log: log)
}
