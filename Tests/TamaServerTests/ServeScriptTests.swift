import Foundation
import TamaTestSupport
import Testing

@testable import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `./scripts/serve`, the first command of the README, as a newcomer runs it.
@Suite(.serialized) struct ServeScriptTests {
    /// On another port, the URLs it prints and the fake aggregator's delivery reports follow
    /// that port, and SIGTERM to the script stops the daemon and the fake aggregator.
    @Test func serveOnAnotherPortReceivesSendsAndStopsWithTheScript() async throws {
        let folder = try TemporaryDatabase()
        let root = URL(fileURLWithPath: shippedMenusPath).deletingLastPathComponent()
        // The tests' own build is the one to run: a `swift` that does nothing stands in for
        // the script's `swift build`.
        let shim = folder.folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: shim, withIntermediateDirectories: true)
        try "#!/bin/sh\nexit 0\n".write(to: shim.appendingPathComponent("swift"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim.appendingPathComponent("swift").path)

        let port = freePort()
        let fakePort = freePort()
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = shim.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["TAMA_DATABASE"] = folder.path
        environment["TAMA_FAKE_AGGREGATOR_PORT"] = String(fakePort)
        environment["TAMA_AFRICASTALKING_CALLBACK_SECRET"] = secret
        for name in ["TAMA_AFRICASTALKING_USERNAME", "TAMA_TWILIO_ACCOUNT_SID", "TAMA_KANNEL_SENDSMS_URL", "TAMA_CONFIG", "TAMA_PORT"] {
            environment[name] = nil
        }
        let log = folder.folder.appendingPathComponent("serve.log")
        // A shell that inherited an ignored SIGTERM could not trap it to stop the daemon.
        let script = try startStoppableProcess(
            "/bin/bash", [root.appendingPathComponent("scripts/serve").path, "--port", String(port)], environment: environment, log: log
        )
        defer { if script.isRunning { kill(script.processIdentifier, SIGKILL) } }
        let health = URL(string: "http://127.0.0.1:\(port)/health")!
        #expect(try await eventually(60) { (try? await URLSession.shared.data(from: health)) != nil })
        #expect(try String(contentsOf: log, encoding: .utf8).contains("SMS              http://127.0.0.1:\(port)/sms/africastalking/\(secret)"))

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/sms/africastalking/\(secret)")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("from=%2B22376123456&to=384&text=JOIN&id=serve-1".utf8)
        _ = try await URLSession.shared.data(for: request)
        let database = try folder.open()
        // The reply goes out through the fake aggregator, whose report comes back to this port.
        #expect(try await eventually(30) { try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE status = 'delivered'") == 1 })

        kill(script.processIdentifier, SIGTERM)
        #expect(try await eventually(20) { !script.isRunning })
        #expect((try? await URLSession.shared.data(from: health)) == nil, "the daemon stopped with the script")
        #expect((try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(fakePort)/messages")!)) == nil)
    }
}
