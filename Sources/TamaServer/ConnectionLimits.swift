/// What one connection may hold: the webhooks face the internet, so a client that opens
/// sockets and never finishes a request must not be able to keep them, nor to hold more
/// file descriptors than the daemon can spare.
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds a connection may stay without a complete request part: headers that never
    /// finish, or a keep-alive connection left open.
    public var idleTimeout = 30
    /// Seconds a request's whole body may take to arrive once its headers have.
    public var readTimeout = 10
    /// Connections served at once; more wait in the listen backlog until one closes.
    public var maxConnections = 1_000

    public init() {}

    mutating func read(_ values: ConfigurationValues) throws(ConfigurationError) {
        if let idle = values["http.idle_timeout"] { idleTimeout = try idle.integer(in: 1...3_600) }
        if let read = values["http.read_timeout"] { readTimeout = try read.integer(in: 1...600) }
        if let connections = values["http.max_connections"] { maxConnections = try connections.integer(in: 1...100_000) }
    }
}
