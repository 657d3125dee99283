import Foundation
import TamaCore


/// Kannel's `sendsms` interface: a GET per message. The text goes as UTF-8 and Kannel
/// encodes it for the SMSC: `coding=2` (UCS-2) when GSM-7 cannot carry it, else `coding=0`.
/// Delivery reports come to `dlr-url`, which carries Tama's own id for the message.
public struct KannelSender: SMSSender {
    public let maxRecipientsPerRequest = 1

    let sendsmsURL: URL
    let username: String
    let password: String
    let from: String?
    /// `…/dlr/kannel/SECRET`, or nil to ask for no delivery reports.
    let deliveryURL: URL?
    let http: HTTPSend

    public init(sendsmsURL: URL, username: String, password: String, from: String?, deliveryURL: URL?, timeout: TimeInterval = 15) {
        self.sendsmsURL = sendsmsURL
        self.username = username
        self.password = password
        self.from = from
        self.deliveryURL = deliveryURL
        self.http = HTTPSend(timeout: timeout)
    }

    public func send(_ text: String, to messages: [QueuedMessage]) async -> [Int64: SendOutcome] {
        await withTaskGroup(of: (Int64, SendOutcome).self) { group in
            for message in messages {
                group.addTask { (message.id, await send(text, message)) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    func request(_ text: String, _ message: QueuedMessage) -> HTTPSend.Request {
        var fields: [(String, String)] = [
            ("username", username), ("password", password), ("to", message.recipient), ("text", text),
            ("charset", "UTF-8"), ("coding", SMSEncoding.of(text) == .ucs2 ? "2" : "0"),
        ]
        if let from { fields.append(("from", from)) }
        if let deliveryURL {
            // Kannel fills %d (the report type) and %A (the SMSC's words) when it calls back.
            fields.append(("dlr-mask", "31"))
            fields.append(("dlr-url", "\(deliveryURL.absoluteString)?id=\(message.id)&type=%d&reply=%A"))
        }
        var components = URLComponents(url: sendsmsURL, resolvingAgainstBaseURL: false)!
        components.percentEncodedQuery = FormEncoding.encode(fields)
        return HTTPSend.Request(url: components.url!.absoluteString)
    }

    func send(_ text: String, _ message: QueuedMessage) async -> SendOutcome {
        switch await http.perform(request(text, message)) {
        case .failure(let outcome):
            return outcome
        case .success:
            // "0: Accepted for delivery" or "3: Queued for later delivery": Kannel gives no id;
            // its reports name Tama's own.
            return .accepted(messageId: nil)
        }
    }
}
