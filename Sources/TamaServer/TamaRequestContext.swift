import Hummingbird
import NIOCore
import TamaCore

/// The request context of every route: Hummingbird's basics, the peer's address, which
/// the logs of refused webhooks need, and on the admin API the caller's token.
public struct TamaRequestContext: AuthenticatedRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var token: APIToken?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
