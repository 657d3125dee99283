import Foundation
import TamaTestSupport
import Testing

import TamaCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct GracefulStopTests {
    /// A studio keeps its results page open for the whole show, and the page's stream
    /// changes nothing while no one answers: asked to stop, the daemon ends the stream and
    /// stops, instead of waiting for the page to close (it waited up to an hour).
    @Test func aDaemonAskedToStopEndsTheRadioPagesStreamAndStops() async throws {
        let folder = try TemporaryDatabase()
        let token = try await apiToken(try folder.open(), .host)
        let port = freePort()
        let tama = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("tama").path
        let daemon = try startStoppableProcess(
            tama, ["serve", "--port", "\(port)", "--database", folder.path, "--menus", shippedMenusPath, "--log-level", "warning"],
            environment: ["TAMA_AFRICASTALKING_CALLBACK_SECRET": secret], log: folder.folder.appendingPathComponent("tama.log")
        )
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        let health = URL(string: "http://127.0.0.1:\(port)/health")!
        #expect(try await eventually(30) { (try? await URLSession.shared.data(from: health)) != nil })

        let signIn = try RawConnection(port: port)
        let form = "token=" + token
        signIn.send("POST /console/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)")
        guard case .data(let signedIn) = try await signIn.answer(within: 10),
            let cookie = signedIn.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("set-cookie:") })?
                .dropFirst("set-cookie:".count).split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        else {
            Issue.record("no session cookie")
            return
        }
        let page = try RawConnection(port: port)
        page.send("GET /radio/civisme-2026/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\n\r\n")
        let first = try await page.answer(within: 10)
        guard case .data(let opening) = first else {
            Issue.record("the stream sent nothing: \(first)")
            return
        }
        #expect(opening.contains("text/event-stream"))

        kill(daemon.processIdentifier, SIGTERM)
        #expect(try await eventually(10) { !daemon.isRunning })
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0)
    }
}
