import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics plus the peer's address,
/// which the logs of refused webhooks need.
public struct TamaRequestContext: RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
