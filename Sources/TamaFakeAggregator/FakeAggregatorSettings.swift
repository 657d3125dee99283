import Foundation

/// How the fake aggregator misbehaves, so tests and benchmarks can see Tama cope.
public struct FakeAggregatorSettings: Sendable {
    /// Share of send requests answered 503.
    public var serverErrorRate: Double = 0
    /// Share of send requests answered 429 with `Retry-After: retryAfter`.
    public var throttleRate: Double = 0
    public var retryAfter: Int = 1
    /// Added before every answer.
    public var latency: TimeInterval = 0
    /// Recipients refused for good (Africa's Talking 403 InvalidPhoneNumber, Twilio 400).
    public var refused: Set<String> = []
    /// Where to post Africa's Talking delivery reports (`Success`), if anywhere.
    public var africasTalkingReportURL: URL?
    /// Signs Twilio status callbacks, which go to each message's `StatusCallback`.
    public var twilioAuthToken: String?

    public init() {}
}
