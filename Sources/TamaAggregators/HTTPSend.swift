import Foundation
import TamaCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One send request to an aggregator and the reading of its HTTP status, shared by every
/// sender: transport errors, timeouts, 5xx and 429 are worth another try (429 after the
/// `Retry-After` it gives); other 4xx are final; 2xx bodies are for the sender to read.
struct HTTPSend: Sendable {
    let session: URLSession

    enum Answer {
        case success(status: Int, body: Data)
        case failure(SendOutcome)
    }

    func perform(_ request: URLRequest) async -> Answer {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            return .failure(.transient(reason: "transport: \(Self.describe(error))", retryAfter: nil))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(.transient(reason: "not an HTTP response", retryAfter: nil))
        }
        let status = http.statusCode
        let detail = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch status {
        case 200..<300:
            return .success(status: status, body: data)
        case 429:
            let retryAfter = http.value(forHTTPHeaderField: "Retry-After").flatMap(Self.seconds(retryAfter:))
            return .failure(.transient(reason: "HTTP 429 \(detail)", retryAfter: retryAfter))
        case 500..<600, 408:
            return .failure(.transient(reason: "HTTP \(status) \(detail)", retryAfter: nil))
        default:
            return .failure(.refused(reason: "HTTP \(status) \(detail)"))
        }
    }

    /// `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3).
    static func seconds(retryAfter value: String) -> TimeInterval? {
        if let seconds = TimeInterval(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .timedOut: return "timed out"
            case .cannotConnectToHost: return "cannot connect"
            case .networkConnectionLost: return "connection closed"
            default: return "URLError \(error.code.rawValue)"
            }
        }
        return "\(error)"
    }

    /// A session for one route: timeouts short enough that a hung aggregator does not
    /// hold a lease for long, and connections kept alive between sends. FoundationNetworking
    /// gives libcurl whole seconds, so less than one would time out at once.
    static func session(timeout: TimeInterval = 15, connections: Int = 16) -> URLSession {
        precondition(timeout >= 1, "libcurl takes the timeout in whole seconds")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.urlCache = nil
        return URLSession(configuration: configuration)
    }

    static func form(_ fields: KeyValuePairs<String, String>) -> Data {
        Data(FormEncoding.encode(fields).utf8)
    }
}
