import Hummingbird
import NIOCore
import TamaCore

/// The request context of every route: Hummingbird's basics, the peer's address, which
/// the logs of refused webhooks need, and who signed the request when a middleware has
/// authenticated it (a bearer token, or a console session).
public struct TamaRequestContext: RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The connection's event loop, for timers that must cost nothing once cancelled.
    let eventLoop: any EventLoop
    var token: APIToken?
    /// Set for console requests: the session the cookie names.
    var console: ConsoleSignIn?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.eventLoop = source.channel.eventLoop
    }
}

/// A console session as a request carries it: the SHA-256 of its secret (to sign out)
/// and the form token its pages must send back.
struct ConsoleSignIn: Sendable {
    var hash: String
    var csrf: String
}

/// The context of every route behind a sign-in: the token is known, so handlers take it
/// as given and never check it again; what it may do is each route group's
/// ``RequirePermission``.
struct SignedInContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let token: APIToken
    let console: ConsoleSignIn?

    init(context: TamaRequestContext) throws {
        guard let token = context.token else { throw APIError.unauthorized("send the API token as 'Authorization: Bearer tama_…'") }
        self.coreContext = context.coreContext
        self.token = token
        self.console = context.console
    }
}
