import Foundation
import GRDB
import Logging
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaServer
@testable import TamaStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// A real Kannel on loopback: bearerbox with Kannel's fake SMSC, smsbox, and the
/// `fakesmsc` client playing the phones (Debian packages `kannel` and `kannel-extras`,
/// which `scripts/test` installs).
private struct Kannel {
    let folder: URL
    let adminPort = freePort(), smsboxPort = freePort(), smscPort = freePort(), sendsmsPort = freePort()
    var processes: [Process] = []

    static let bearerbox = "/usr/sbin/bearerbox", smsbox = "/usr/sbin/smsbox", fakesmsc = "/usr/lib/kannel/test/fakesmsc"
    static var installed: Bool {
        [bearerbox, smsbox, fakesmsc].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    }

    /// The configuration README's Kannel section describes, on free loopback ports.
    func configuration(tamaPort: Int) -> String {
        """
        group = core
        admin-port = \(adminPort)
        admin-interface = 127.0.0.1
        admin-password = admin-\(adminPort)
        admin-allow-ip = 127.0.0.1
        smsbox-port = \(smsboxPort)
        smsbox-interface = 127.0.0.1
        box-allow-ip = 127.0.0.1
        dlr-storage = internal
        log-file = "\(folder.path)/bearerbox.log"

        group = smsc
        smsc = fake
        smsc-id = fake
        port = \(smscPort)
        connect-allow-ip = 127.0.0.1

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = \(smsboxPort)
        sendsms-port = \(sendsmsPort)
        sendsms-interface = 127.0.0.1
        log-file = "\(folder.path)/smsbox.log"

        group = sendsms-user
        username = tama
        password = tama-password
        user-allow-ip = 127.0.0.1
        max-messages = 10
        concatenation = true

        group = sms-service
        keyword = default
        catch-all = true
        max-messages = 0
        get-url = "http://127.0.0.1:\(tamaPort)/sms/kannel/\(kannelSecret)?id=%I&from=%p&to=%P&coding=%c&charset=%C&text=%b"
        """
    }

    /// Starts bearerbox, then smsbox once bearerbox answers: smsbox gives up at once if
    /// bearerbox is not there yet.
    mutating func start(tamaPort: Int) async throws {
        let file = folder.appendingPathComponent("kannel.conf")
        try configuration(tamaPort: tamaPort).write(to: file, atomically: true, encoding: .utf8)
        processes.append(try startProcess(Self.bearerbox, ["-v", "1", file.path], log: folder.appendingPathComponent("bearerbox.out")))
        let status = URL(string: "http://127.0.0.1:\(adminPort)/status.txt")!
        _ = try await eventually(20) { (try? await URLSession.shared.data(from: status)) != nil }
        processes.append(try startProcess(Self.smsbox, ["-v", "1", file.path], log: folder.appendingPathComponent("smsbox.out")))
    }

    /// A phone that sends `message` (fakesmsc's `sender receiver type text` format) and then
    /// stays connected, printing what Kannel delivers to it.
    mutating func phone(_ message: String, log name: String) throws -> Process {
        let process = try startProcess(
            Self.fakesmsc, ["-H", "127.0.0.1", "-r", "\(smscPort)", "-i", "0.1", "-m", "1", message],
            log: folder.appendingPathComponent(name)
        )
        processes.append(process)
        return process
    }

    func log(_ name: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// Kannel's boxes and fakesmsc wait for their peers on SIGTERM; a test has no such patience.
    func stop() {
        for process in processes.reversed() where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Hangs up a phone: Kannel's fake SMSC serves one client at a time.
    static func hangUp(_ phone: Process) {
        kill(phone.processIdentifier, SIGKILL)
        phone.waitUntilExit()
    }
}

@Suite(.serialized) struct KannelTests {
    @Test func inboundSMSRepliesAndDeliveryReportsGoThroughARealKannel() async throws {
        try #require(Kannel.installed, "Kannel is not installed: scripts/test installs the Debian packages kannel and kannel-extras")
        let folder = try TemporaryDatabase()
        let database = try folder.open()
        let tamaPort = freePort()
        var kannel = Kannel(folder: folder.folder)
        defer { kannel.stop() }

        var configuration = testConfiguration(port: tamaPort)
        configuration.kannel.sendsmsURL = URL(string: "http://127.0.0.1:\(kannel.sendsmsPort)/cgi-bin/sendsms")
        configuration.kannel.username = "tama"
        configuration.kannel.password = "tama-password"
        configuration.kannel.from = "384"
        configuration.kannel.publicURL = URL(string: "http://127.0.0.1:\(tamaPort)")
        configuration.dispatch.quietHours = QuietHours(start: 0, end: 0)
        let server = try await startLive(database: database, configuration: configuration)
        defer { server.cancel() }

        try await kannel.start(tamaPort: tamaPort)
        let sendsms = URL(string: "http://127.0.0.1:\(kannel.sendsmsPort)/")!
        #expect(try await eventually(20) { (try? await URLSession.shared.data(from: sendsms)) != nil }, "smsbox did not start: \(kannel.log("smsbox.out"))")

        // A phone texts JOIN and gets its reply, with its delivery report; then another asks
        // a question in Bambara, which Kannel hands over as UCS-2 (UTF-16BE bytes).
        let delivered = { (n: Int) in
            try await eventually(30) {
                try await count(database, "SELECT COUNT(*) FROM outboundMessage WHERE route = 'kannel' AND status = 'delivered'") == n
            }
        }
        let first = try kannel.phone("+22376000001 384 text JOIN", log: "phone1.out")
        #expect(try await delivered(1), "first reply not delivered: \(kannel.log("smsbox.log").suffix(2_000))")
        Kannel.hangUp(first)
        let second = try kannel.phone("+22376000002 384 ucs2 %00Q%00%20%01%90%00%20%00b%02%5B%00%3F", log: "phone2.out")
        #expect(try await delivered(2), "second reply not delivered: \(kannel.log("smsbox.log").suffix(2_000))")
        Kannel.hangUp(second)

        let inbound = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT phone, text, status FROM inboundMessage ORDER BY id").map {
                "\($0["phone"] as String) \($0["text"] as String) \($0["status"] as String)"
            }
        }
        #expect(inbound == ["+22376000001 JOIN handled", "+22376000002 [question 1] handled"], "a question's text lives with the question only")
        #expect(try await database.reader.read { try CitizenQuestionRecord.fetchOne($0)?.text } == "Ɛ bɛ?")
        // What the phones received, as fakesmsc prints it: `from to type text`.
        let received = kannel.log("phone1.out") + kannel.log("phone2.out")
        #expect(received.contains("Got message") && received.contains("<384 +22376000001 text Vous recevrez les messages"))
        // Tama does not know this number's commune yet: it asks it back, once.
        #expect(received.contains("<384 +22376000002 text Question no 1 notee. Votre commune? Repondez par son numero: 1 Kayes, 2 Nioro du Sahel"))
    }
}

