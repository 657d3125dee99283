import Foundation
import TamaCore

/// Africa's Talking's send API (docs/aggregators.md §1.4): one form POST carries one text to many
/// recipients, and the answer says, recipient by recipient, what became of each.
public struct AfricasTalkingSender: SMSSender {
    /// AT documents no maximum; a hundred keeps a request small and a refusal local.
    public let maxRecipientsPerRequest = 100

    let username: String
    let apiKey: String
    let endpoint: URL
    let senderID: String?
    let http: HTTPSend

    public init(username: String, apiKey: String, baseURL: URL, senderID: String?, timeout: TimeInterval = 15) {
        self.username = username
        self.apiKey = apiKey
        self.endpoint = baseURL.appendingPathComponent("version1/messaging")
        self.senderID = senderID
        self.http = HTTPSend(timeout: timeout)
    }

    public func send(_ text: String, to messages: [QueuedMessage]) async -> [Int64: SendOutcome] {
        // Without Accept AT answers XML (docs/aggregators.md §1.4).
        var request = HTTPSend.Request(
            url: endpoint.absoluteString, method: .POST,
            headers: ["apiKey": apiKey, "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"]
        )
        let to = messages.map(\.recipient).joined(separator: ",")
        request.body =
            if let senderID {
                HTTPSend.form(["username": username, "to": to, "message": text, "bulkSMSMode": "1", "from": senderID])
            } else {
                HTTPSend.form(["username": username, "to": to, "message": text, "bulkSMSMode": "1"])
            }
        switch await http.perform(request) {
        case .failure(let outcome):
            return Dictionary(uniqueKeysWithValues: messages.map { ($0.id, outcome) })
        case .success(_, let body):
            return Self.outcomes(of: body, for: messages)
        }
    }

    struct Response: Decodable {
        struct Data: Decodable {
            var Recipients: [Recipient]
        }
        struct Recipient: Decodable {
            var statusCode: Int
            var number: String
            var status: String
            var messageId: String?
        }
        var SMSMessageData: Data
    }

    /// Each recipient's `statusCode`: 100–102 taken, 500–502 worth retrying, anything else
    /// final. A recipient the answer leaves out is retried: it may not have been sent.
    static func outcomes(of body: Data, for messages: [QueuedMessage]) -> [Int64: SendOutcome] {
        guard let response = try? JSONDecoder().decode(Response.self, from: body) else {
            let outcome = SendOutcome.transient(reason: "unreadable answer: \(String(decoding: body.prefix(120), as: UTF8.self))", retryAfter: nil)
            return Dictionary(uniqueKeysWithValues: messages.map { ($0.id, outcome) })
        }
        var byNumber: [String: [Response.Recipient]] = [:]
        for recipient in response.SMSMessageData.Recipients { byNumber[recipient.number, default: []].append(recipient) }
        var outcomes: [Int64: SendOutcome] = [:]
        for message in messages {
            guard let recipient = byNumber[message.recipient]?.popLast() else {
                outcomes[message.id] = .transient(reason: "no result for this recipient", retryAfter: nil)
                continue
            }
            outcomes[message.id] =
                switch recipient.statusCode {
                case 100...102: .accepted(messageId: recipient.messageId.flatMap { $0 == "None" ? nil : $0 })
                case 500...502: .transient(reason: "\(recipient.statusCode) \(recipient.status)", retryAfter: nil)
                default: .refused(reason: "\(recipient.statusCode) \(recipient.status)")
                }
        }
        return outcomes
    }
}
