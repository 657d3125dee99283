import Foundation

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// One status line on standard error, rewritten in place, for long work started from a
/// terminal. When standard error is not a terminal (a script, a log file) it stays
/// silent, so the output a script reads is only the result.
final class TerminalProgress {
    let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1
    private var shown = false
    private var lastShown = Date.distantPast

    /// Shows `line`, at most a few times a second; `force` shows it now.
    func show(_ line: String, force: Bool = false) {
        guard isTerminal, force || Date().timeIntervalSince(lastShown) >= 0.25 else { return }
        lastShown = Date()
        shown = true
        // \r back to the start, the line, then erase what a longer line left.
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
    }

    /// Ends the line, so what is printed next starts on its own.
    func end() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        shown = false
    }
}
