import Foundation

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A client that speaks raw TCP, so a test can stall in the middle of a request the way
/// a slow or hostile client does.
final class RawConnection {
    enum Answer: Equatable {
        case closed
        case data(String)
        case nothing
    }

    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure.status(0, "cannot connect to \(port)") }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// What the server does within `seconds`: answers, closes, or nothing. It polls
    /// without blocking, so the server under test keeps the cooperative threads.
    func answer(within seconds: Double) async throws -> Answer {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, 0) == 0 {
            guard ContinuousClock.now < deadline else { return .nothing }
            try await Task.sleep(for: .milliseconds(20))
        }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count <= 0 ? .closed : .data(String(decoding: buffer.prefix(count), as: UTF8.self))
    }
}
