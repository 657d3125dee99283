import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import TamaTestSupport
import WSClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// A headless Chromium (Debian's `chromium`, which `scripts/test` installs) driven over the
/// DevTools protocol, so the console is tested in a real browser: its forms, its cookie,
/// its rendering.
struct Chromium {
    static let path = "/usr/bin/chromium"
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: path) }

    let process: Process
    let port: Int

    static func start(in folder: URL) async throws -> Chromium {
        let port = freePort()
        let process = try startProcess(
            path,
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(folder.appendingPathComponent("chromium").path)", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=\(port)", "--remote-allow-origins=*", "--window-size=420,900", "about:blank",
            ],
            log: folder.appendingPathComponent("chromium.log")
        )
        let chromium = Chromium(process: process, port: port)
        guard try await eventually(30, { (try? await chromium.pageSocket()) != nil }) else {
            chromium.stop()
            throw Failure.didNotStart
        }
        return chromium
    }

    enum Failure: Error {
        case didNotStart
        case protocolError(String)
        case timedOut(String)
    }

    /// The DevTools WebSocket of the open tab. (FoundationNetworking cannot read Chromium's
    /// answer here: libcurl reports "Failed writing header"; AsyncHTTPClient can.)
    func pageSocket() async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/json/list"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        let targets = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]] ?? []
        guard let page = targets.first(where: { $0["type"] as? String == "page" }), let url = page["webSocketDebuggerUrl"] as? String else {
            throw Failure.didNotStart
        }
        return url
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs `steps` with a session on the open tab.
    func drive(_ steps: @escaping @Sendable (Session) async throws -> Void) async throws {
        try await WebSocketClient.connect(url: try await pageSocket(), configuration: .init(maxFrameSize: 1 << 26), logger: quietLogger) {
            inbound, outbound, _ in
            let session = Session(send: { text in try await outbound.write(.text(text)) }, messages: inbound.messages(maxSize: 1 << 26).makeAsyncIterator())
            try await steps(session)
        }
    }

    /// One DevTools conversation: a command, then its answer (events in between are skipped).
    final class Session: @unchecked Sendable {
        private let sendText: (String) async throws -> Void
        private var messages: WebSocketInboundMessageStream.AsyncIterator
        private var nextID = 0

        init(send: @escaping (String) async throws -> Void, messages: WebSocketInboundMessageStream.AsyncIterator) {
            self.sendText = send
            self.messages = messages
        }

        @discardableResult
        func send(_ method: String, _ params: [String: Any] = [:]) async throws -> [String: Any] {
            nextID += 1
            let id = nextID
            let data = try JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": params])
            try await sendText(String(decoding: data, as: UTF8.self))
            while let message = try await messages.next() {
                guard case .text(let text) = message,
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], object["id"] as? Int == id
                else { continue }
                if let error = object["error"] { throw Failure.protocolError("\(method): \(error)") }
                return object["result"] as? [String: Any] ?? [:]
            }
            throw Failure.protocolError("\(method): the connection closed")
        }

        /// The value of a JavaScript expression in the page.
        func evaluate(_ expression: String) async throws -> Any? {
            let result = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true])
            return (result["result"] as? [String: Any])?["value"]
        }

        /// Waits until `condition` (JavaScript) is true in the page, for at most 15 s.
        func wait(for condition: String) async throws {
            for _ in 0..<150 {
                if try await evaluate("Boolean(\(condition))") as? Bool == true { return }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            throw Failure.timedOut(condition)
        }

        /// Lays pages out as a cheap phone's browser does: 360 CSS pixels wide, touch.
        func emulatePhone() async throws {
            try await send("Emulation.setDeviceMetricsOverride", ["width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true])
        }

        /// How far the page is wider than the screen, in CSS pixels (0: nothing to scroll sideways).
        func horizontalOverflow() async throws -> Int {
            try await evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Int ?? -1
        }

        func navigate(_ url: String) async throws {
            try await send("Page.navigate", ["url": url])
            try await wait(for: "document.readyState === 'complete' && location.href === \(Self.quoted(url))")
        }

        /// Signs in on the console's form with `token`, as a person types it.
        func signIn(at base: String, token: String) async throws {
            try await navigate(base + "/console/login")
            _ = try await evaluate("document.getElementById('token').value = \(Self.quoted(token)); document.getElementById('login').click()")
            try await wait(for: "location.pathname === '/console' && document.readyState === 'complete'")
        }

        func screenshot() async throws -> Data {
            let result = try await send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
            return Data(base64Encoded: result["data"] as? String ?? "") ?? Data()
        }

        /// `text` as a JavaScript string literal.
        static func quoted(_ text: String) -> String {
            String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
        }
    }
}
