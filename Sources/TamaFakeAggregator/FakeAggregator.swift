import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import TamaAggregators

/// A loopback stand-in for the aggregators' send APIs: Africa's Talking's
/// `POST /version1/messaging` and Twilio's `POST /2010-04-01/Accounts/{sid}/Messages.json`.
/// It records what it accepts, injects the failures its settings ask for, and posts
/// delivery reports back, so `scripts/serve`, the tests and the benchmarks exercise the
/// real senders without reaching the internet.
public enum FakeAggregator {
    public static func buildApplication(
        host: String = "127.0.0.1", port: Int, settings: FakeAggregatorSettings, recorder: FakeAggregatorRecorder, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        let reports = ReportPoster(settings: settings, logger: logger)
        router.post("version1/messaging") { request, context -> Response in
            try await africasTalking(request, context: context, settings: settings, recorder: recorder, reports: reports)
        }
        router.post("2010-04-01/Accounts/:sid/Messages.json") { request, context -> Response in
            try await twilio(request, context: context, settings: settings, recorder: recorder, reports: reports)
        }
        router.get("messages") { _, _ -> Response in
            json(.ok, try FakeAggregatorRecorder.encoder.encode(recorder.messages))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "tama-fake-aggregator"), logger: logger)
    }

    /// What every send request goes through first: it is counted, waits the configured
    /// latency, and may get an injected failure instead of an answer.
    static func arrival(_ settings: FakeAggregatorSettings, _ recorder: FakeAggregatorRecorder) async throws -> Response? {
        recorder.countRequest()
        if settings.latency > 0 { try await Task.sleep(nanoseconds: UInt64(settings.latency * 1e9)) }
        return injectedFailure(settings)
    }

    /// A failure to inject for this request, if the dice say so.
    static func injectedFailure(_ settings: FakeAggregatorSettings) -> Response? {
        let roll = Double.random(in: 0..<1)
        if roll < settings.serverErrorRate {
            return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "injected 503")))
        }
        if roll < settings.serverErrorRate + settings.throttleRate {
            return Response(
                status: .tooManyRequests, headers: [.retryAfter: "\(settings.retryAfter)"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "injected 429"))
            )
        }
        return nil
    }

    static func africasTalking(
        _ request: Request, context: some RequestContext, settings: FakeAggregatorSettings, recorder: FakeAggregatorRecorder, reports: ReportPoster
    ) async throws -> Response {
        if let failure = try await arrival(settings, recorder) { return failure }
        guard request.headers.contains(where: { $0.name.canonicalName == "apikey" }) else {
            return Response(status: .unauthorized, body: ResponseBody(byteBuffer: ByteBuffer(string: "The supplied authentication is invalid")))
        }
        let form = try FormEncoding.decode(String(buffer: try await request.body.collect(upTo: 1 << 20)))
        guard let to = form["to"], let message = form["message"], form["username"] != nil else {
            return Response(status: .badRequest, body: ResponseBody(byteBuffer: ByteBuffer(string: "Missing username, to or message")))
        }
        var recipients: [[String: Any]] = []
        var accepted: [String] = []
        for number in to.split(separator: ",").map(String.init) {
            if settings.refused.contains(number) {
                recipients.append(["statusCode": 403, "number": number, "status": "InvalidPhoneNumber", "cost": "0", "messageId": "None"])
            } else {
                let id = recorder.accept(api: "africastalking", recipient: number, text: message, idPrefix: "ATXid_")
                accepted.append(id)
                recipients.append(["statusCode": 101, "number": number, "status": "Success", "cost": "XOF 25.0000", "messageId": id])
            }
        }
        let body: [String: Any] = [
            "SMSMessageData": ["Message": "Sent to \(accepted.count)/\(recipients.count)", "Recipients": recipients]
        ]
        reports.africasTalking(accepted)
        return json(.created, try JSONSerialization.data(withJSONObject: body))
    }

    static func twilio(
        _ request: Request, context: some RequestContext, settings: FakeAggregatorSettings, recorder: FakeAggregatorRecorder, reports: ReportPoster
    ) async throws -> Response {
        if let failure = try await arrival(settings, recorder) { return failure }
        guard request.headers[.authorization]?.hasPrefix("Basic ") == true else {
            return json(.unauthorized, Data(#"{"code": 20003, "message": "Authenticate"}"#.utf8))
        }
        let form = try FormEncoding.decode(String(buffer: try await request.body.collect(upTo: 1 << 20)))
        guard let to = form["To"], let body = form["Body"] else {
            return json(.badRequest, Data(#"{"code": 21604, "message": "A 'To' phone number and a 'Body' are required."}"#.utf8))
        }
        if settings.refused.contains(to) {
            return json(.badRequest, Data(#"{"code": 21211, "message": "The 'To' number is not a valid phone number."}"#.utf8))
        }
        let sid = recorder.accept(api: "twilio", recipient: to, text: body, idPrefix: "SM")
        if let callback = form["StatusCallback"].flatMap(URL.init(string:)) { reports.twilio(sid: sid, to: callback) }
        return json(.created, try JSONSerialization.data(withJSONObject: ["sid": sid, "status": "queued", "to": to]))
    }

    static func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Posts delivery reports back to Tama, as the aggregators would a moment after sending.
struct ReportPoster: Sendable {
    let settings: FakeAggregatorSettings
    let logger: Logger

    func africasTalking(_ ids: [String]) {
        guard let url = settings.africasTalkingReportURL, !ids.isEmpty else { return }
        Task {
            for id in ids {
                await post(url, FormEncoding.encode(["id": id, "status": "Success", "networkCode": "61002"]), signature: nil)
            }
        }
    }

    func twilio(sid: String, to url: URL) {
        let fields = ["MessageSid": sid, "MessageStatus": "delivered"]
        let signature = settings.twilioAuthToken.map {
            TwilioSignature(authToken: $0).signature(url: url.absoluteString, parameters: fields.mapValues { [$0] })
        }
        Task { await post(url, FormEncoding.encode(fields.map { ($0.key, $0.value) }), signature: signature) }
    }

    private func post(_ url: URL, _ body: String, signature: String?) async {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        if let signature { request.headers.add(name: "X-Twilio-Signature", value: signature) }
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 16)
        } catch {
            logger.warning("delivery report not delivered", metadata: ["url": "\(url)", "error": "\(error)"])
        }
    }
}
