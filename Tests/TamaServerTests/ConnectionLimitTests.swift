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
