import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TamaCore

/// One send request to an aggregator and the reading of its HTTP status, shared by every
/// sender: transport errors, timeouts, 5xx and 429 are worth another try (429 after the
/// `Retry-After` it gives); other 4xx are final; 2xx bodies are for the sender to read.
///
/// On AsyncHTTPClient, on SwiftNIO's event loops, rather than `URLSession`:
/// FoundationNetworking leaked about 60 bytes per request (heaptrack under
/// `scripts/chaos --soak`, in its libcurl host check), which a daemon sending for months
/// cannot afford, and its libcurl and dispatch threads cost CPU the webhooks need.
struct HTTPSend: Sendable {
    /// The process's one client for every route. Connections open on demand, up to as many
    /// per host as `dispatch.concurrency` allows (256), so the configured concurrency, not
    /// the pool, limits the requests in flight; a request queued for a connection would
    /// spend its timeout waiting. It lives as long as the process, like AsyncHTTPClient's
    /// own shared client, so it is never shut down.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// How long a whole request may take: short enough that a hung aggregator does not
    /// hold a lease for long.
    let timeout: TimeAmount

    init(timeout: TimeInterval) {
        self.timeout = .milliseconds(Int64(timeout * 1_000))
    }

    /// A request as a sender builds it.
    struct Request: Sendable {
        var url: String
        var method: HTTPMethod = .GET
        var headers: HTTPHeaders = [:]
        var body: ByteBuffer?
    }

    enum Answer {
        case success(status: Int, body: Data)
        case failure(SendOutcome)
    }

    /// Answers are read up to this size: aggregators answer a send in a few hundred bytes.
    static let answerLimit = 1 << 20

    func perform(_ request: Request) async -> Answer {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body { outgoing.body = .bytes(body) }
        let status: Int
        let headers: HTTPHeaders
        let data: Data
        do {
            let response = try await Self.client.execute(outgoing, timeout: timeout)
            (status, headers) = (Int(response.status.code), response.headers)
            data = Data(try await response.body.collect(upTo: Self.answerLimit).readableBytesView)
        } catch {
            return .failure(.transient(reason: "transport: \(Self.describe(error))", retryAfter: nil))
        }
        let detail = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch status {
        case 200..<300:
            return .success(status: status, body: data)
        case 429:
            let retryAfter = headers.first(name: "Retry-After").flatMap(Self.seconds(retryAfter:))
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

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout:
            return "timed out"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "connection closed"
        case is NIOConnectionError, is IOError:
            return "cannot connect"
        default:
            return "\(error)"
        }
    }

    static func form(_ fields: KeyValuePairs<String, String>) -> ByteBuffer {
        ByteBuffer(string: FormEncoding.encode(fields))
    }
}
