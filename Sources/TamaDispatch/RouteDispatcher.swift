import Foundation
import Logging
import Metrics
import ServiceLifecycle
import TamaCore
import TamaStore

/// Sends one route's queue: claims due messages with a lease, holds back what the rules
/// say must wait, paces the rest through the route's token bucket, sends with a bounded
/// number of requests in flight, and records each request's results as soon as they
/// come back, so a crash repeats as few sends as possible.
public struct RouteDispatcher: Sendable {
    public var route: String
    public var sender: any SMSSender
    public var rate: Double
    public var burst: Int
    public var policy: DispatchPolicy
    public var lease: TimeInterval
    public var concurrency: Int
    /// How long an empty queue is left alone before it is asked again.
    public var pollInterval: TimeInterval = 0.25
    public var clock: DispatchClock
    public var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }
    /// When the route counts as down, and how often it is tried then.
    public var breaker = RouteBreaker()

    let database: AppDatabase
    let logger: Logger
    let metrics: any MetricsFactory

    public init(
        route: String, sender: any SMSSender, rate: Double, burst: Int, policy: DispatchPolicy, lease: TimeInterval,
        concurrency: Int, database: AppDatabase, logger: Logger, clock: DispatchClock = .system,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.metrics = metrics
        self.route = route
        self.sender = sender
        self.rate = rate
        self.burst = burst
        self.policy = policy
        self.lease = lease
        self.concurrency = concurrency
        self.database = database
        self.logger = logger
        self.clock = clock
    }

    /// Runs until graceful shutdown (then finishes what is in flight) or cancellation. A
    /// failing database does not stop it: the cycle is logged and tried again, since the
    /// daemon's webhooks may still be storing messages.
    public func run() async throws {
        var bucket = TokenBucket(rate: rate, burst: Double(burst))
        // When leases were last released and overdue messages closed: both read whole
        // sets of rows, so they run every half lease, not every cycle.
        var lastRelease = Date.distantPast
        let sent = Counter(label: "tama_sms_sent_total", dimensions: [("route", route)], factory: metrics)
        let health = RouteHealth(breaker, up: Gauge(label: "tama_route_up", dimensions: [("route", route)], factory: metrics))
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let now = clock.now()
                if let probeAt = health.probeAt, probeAt > now {
                    try? await cancelWhenGracefulShutdown { try await clock.sleep(probeAt.timeIntervalSince(now)) }
                    continue
                }
                if now.timeIntervalSince(lastRelease) >= lease / 2 {
                    let released = try await database.releaseExpiredLeases(now: now)
                    if released > 0 {
                        logger.warning("messages whose lease ran out are back in the queue", metadata: ["route": "\(route)", "count": "\(released)"])
                    }
                    try await database.expireOverdue(route: route, now: now)
                    lastRelease = now
                }
                if try await cycle(&bucket, sent: sent, health: health, at: now) == 0 {
                    try? await cancelWhenGracefulShutdown { try await clock.sleep(pollInterval) }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("dispatch cycle failed; trying again", metadata: ["route": "\(route)", "error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await clock.sleep(pollInterval) }
            }
        }
    }

    /// Claims, holds back or sends one batch; returns how many messages it claimed. While
    /// the route is down, only its first request goes, as a probe.
    func cycle(_ bucket: inout TokenBucket, sent: Counter, health: RouteHealth, at now: Date) async throws -> Int {
        let claimed = try await database.claimDue(
            route: route, limit: claimSize, now: now, lease: lease,
            quietHours: policy.quietHours.contains(now), dayStart: policy.quietHours.startOfDay(now)
        )
        guard !claimed.isEmpty else { return 0 }
        var held: [DispatchResult] = []
        var ready: [QueuedMessage] = []
        for message in claimed {
            if let hold = policy.hold(message, at: now) { held.append(DispatchResult(message, hold)) } else { ready.append(message) }
        }
        try await database.record(held, at: now)
        // Requests not started when shutdown begins go straight back to the queue rather
        // than wait for their lease to run out.
        var unsent: [QueuedMessage] = []
        let probing = health.isDown
        try await withThrowingTaskGroup(of: Int.self) { group in
            var inFlight = 0
            var started = 0
            for request in requests(ready) {
                if inFlight >= concurrency {
                    sent.increment(by: try await group.next() ?? 0)
                    inFlight -= 1
                }
                // A route found down stops here; what is left waits for the next probe.
                guard !(probing ? started > 0 : health.isDown) else {
                    unsent += request
                    continue
                }
                let wait = bucket.take(request.reduce(0) { $0 + $1.parts }, at: clock.now())
                guard !Task.isShuttingDownGracefully,
                    (try? await cancelWhenGracefulShutdown { try await clock.sleep(wait) }) != nil
                else {
                    unsent += request
                    continue
                }
                group.addTask { try await send(request, health: health) }
                inFlight += 1
                started += 1
            }
            for try await count in group { sent.increment(by: count) }
        }
        try await database.record(unsent.map { DispatchResult($0, .deferred(until: clock.now())) }, at: clock.now())
        return claimed.count
    }

    /// About two seconds of sending at the route's rate: enough to fill requests, few
    /// enough that a lease is never held long before its message goes.
    var claimSize: Int {
        max(sender.maxRecipientsPerRequest, min(2_000, Int(rate * 2) + burst))
    }

    /// Messages grouped into requests: one text per request, as many recipients as the
    /// API takes but no more parts than the burst (a request's parts leave together),
    /// replies first, and never one number twice in a request (its answer is matched by
    /// number).
    func requests(_ messages: [QueuedMessage]) -> [[QueuedMessage]] {
        var order: [String] = []
        var open: [String: [[QueuedMessage]]] = [:]
        for message in messages {
            if open[message.text] == nil { order.append(message.text) }
            var batches = open[message.text, default: [[]]]
            let limit = max(1, min(sender.maxRecipientsPerRequest, burst / max(1, message.parts)))
            if batches[batches.count - 1].count >= limit
                || batches[batches.count - 1].contains(where: { $0.recipient == message.recipient })
            {
                batches.append([])
            }
            batches[batches.count - 1].append(message)
            open[message.text] = batches
        }
        return order.flatMap { open[$0]! }
    }

    /// Sends one request and records its results; returns how many were taken. A request
    /// that finds the route down puts its messages back without counting an attempt.
    func send(_ request: [QueuedMessage], health: RouteHealth) async throws -> Int {
        let answers = await sender.send(request[0].text, to: request)
        let now = clock.now()
        let outcomes = request.map { answers[$0.id] ?? .transient(reason: "the sender gave no result", retryAfter: nil) }
        let transient = outcomes.compactMap { outcome -> String? in
            guard case .transient(let reason, _) = outcome else { return nil }
            return reason
        }
        let down = health.record(answered: transient.count < request.count, reason: transient.first, at: now, jitter: jitter(), logger: logger, route: route)
        var accepted = 0
        let results = zip(request, outcomes).map { message, outcome in
            if case .accepted = outcome { accepted += 1 }
            if let down, case .transient(let reason, _) = outcome {
                return DispatchResult(message, message.expiresAt <= down ? .expired : .routeDown(until: down, reason: reason))
            }
            let result = policy.result(of: message, outcome, at: now, jitter: jitter())
            if case .failed(let reason) = result {
                logger.warning("message failed", metadata: ["route": "\(route)", "id": "\(message.id)", "reason": "\(reason)"])
            }
            return DispatchResult(message, result)
        }
        try await database.record(results, at: now)
        return accepted
    }
}
