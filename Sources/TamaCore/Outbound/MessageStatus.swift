/// Where an outbound message stands. `queued` → `sending` (leased by a dispatcher) →
/// `sent` (the aggregator took it) → `delivered` or `failed` by delivery report; or it
/// ends `failed`, `expired` or `cancelled` without leaving.
public enum MessageStatus: String, Sendable, Codable {
    case queued
    case sending
    case sent
    case delivered
    case failed
    case expired
    case cancelled
}
