import Foundation
import TamaCore


/// Twilio's Messages API (docs/aggregators.md §2.4): one recipient per request, basic auth, and a
/// `StatusCallback` so delivery reports come back signed.
public struct TwilioSender: SMSSender {
    public let maxRecipientsPerRequest = 1

    let endpoint: URL
    let authorization: String
    let from: String
    let statusCallback: URL?
    let http: HTTPSend

    public init(accountSID: String, authToken: String, from: String, baseURL: URL, statusCallback: URL?, timeout: TimeInterval = 15) {
        self.endpoint = baseURL.appendingPathComponent("2010-04-01/Accounts/\(accountSID)/Messages.json")
        self.authorization = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        self.from = from
        self.statusCallback = statusCallback
        self.http = HTTPSend(timeout: timeout)
    }

    public func send(_ text: String, to messages: [QueuedMessage]) async -> [Int64: SendOutcome] {
        await withTaskGroup(of: (Int64, SendOutcome).self) { group in
            for message in messages {
                group.addTask { (message.id, await send(text, to: message.recipient)) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    struct Response: Decodable {
        var sid: String?
    }

    func send(_ text: String, to recipient: String) async -> SendOutcome {
        var request = HTTPSend.Request(
            url: endpoint.absoluteString, method: .POST,
            headers: ["Authorization": authorization, "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"]
        )
        request.body =
            if let statusCallback {
                HTTPSend.form(["To": recipient, "From": from, "Body": text, "StatusCallback": statusCallback.absoluteString])
            } else {
                HTTPSend.form(["To": recipient, "From": from, "Body": text])
            }
        switch await http.perform(request) {
        case .failure(let outcome):
            return outcome
        case .success(_, let body):
            guard let sid = (try? JSONDecoder().decode(Response.self, from: body))?.sid else {
                return .transient(reason: "unreadable answer: \(String(decoding: body.prefix(120), as: UTF8.self))", retryAfter: nil)
            }
            return .accepted(messageId: sid)
        }
    }
}
