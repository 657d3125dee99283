import Foundation
import TamaTestSupport
import Testing

@testable import TamaServer
@testable import TamaStore

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A client that speaks raw TCP, so a test can stall in the middle of a request the way
/// a slow or hostile client does.
private final class RawConnection {
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

@Suite(.serialized) struct ConnectionLimitTests {
    private func serve(_ limits: ConnectionLimits, _ body: (Int) async throws -> Void) async throws {
        var configuration = testConfiguration(port: freePort())
        configuration.connections = limits
        let server = try await startLive(database: try AppDatabase.inMemory(), configuration: configuration)
        defer { server.cancel() }
        try await body(configuration.port)
    }

    @Test func aConnectionThatNeverFinishesItsHeadersIsClosed() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = 1
        try await serve(limits) { port in
            let stalled = try RawConnection(port: port)
            stalled.send("POST /sms/africastalking/\(secret) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic")
            #expect(try await stalled.answer(within: 5) == .closed)
            let idle = try RawConnection(port: port)
            #expect(try await idle.answer(within: 5) == .closed, "a connection that sends nothing goes too")
        }
    }

    @Test func aBodyThatDoesNotArriveInTimeIsRefusedAndTheConnectionClosed() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = 30
        limits.readTimeout = 1
        try await serve(limits) { port in
            let slow = try RawConnection(port: port)
            slow.send(
                "POST /sms/africastalking/\(secret) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nfrom=%2B2237"
            )
            guard case .data(let answer) = try await slow.answer(within: 5) else {
                Issue.record("no answer to a body that stopped half-way")
                return
            }
            #expect(answer.hasPrefix("HTTP/1.1 408"))
            #expect(answer.contains("did not arrive within 1 s"))
        }
    }

    @Test func connectionsOverTheLimitWaitUntilOthersClose() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = 2
        limits.maxConnections = 2
        try await serve(limits) { port in
            // The start-up check's own connection is idle now: let the server close it.
            try await Task.sleep(for: .milliseconds(2_500))
            let first = try RawConnection(port: port)
            let second = try RawConnection(port: port)
            try await Task.sleep(for: .milliseconds(200))
            let third = try RawConnection(port: port)
            third.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await third.answer(within: 0.5) == .nothing, "two connections are open: the third waits")
            // The idle two are closed after 2 s; then the third is served.
            guard case .data(let answer) = try await third.answer(within: 6) else {
                Issue.record("the third connection was never served")
                return
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            _ = (first, second)
        }
    }
}
