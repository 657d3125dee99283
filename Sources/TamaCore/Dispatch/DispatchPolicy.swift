import Foundation

/// The rules that decide, for each leased message, whether it goes now and what its
/// send outcome means for it. Pure, so every rule is tested with times of the test's
/// choosing.
public struct DispatchPolicy: Sendable {
    public var quietHours: QuietHours
    /// Broadcasts one number may receive per local day; nil for no cap.
    public var dailyBroadcastCap: Int?
    public var backoff: Backoff
    /// Attempts after which a transient failure becomes final.
    public var maxAttempts: Int

    public init(quietHours: QuietHours = QuietHours(), dailyBroadcastCap: Int? = 3, backoff: Backoff = Backoff(), maxAttempts: Int = 10) {
        self.quietHours = quietHours
        self.dailyBroadcastCap = dailyBroadcastCap
        self.backoff = backoff
        self.maxAttempts = maxAttempts
    }

    /// Why `message` must not go now, or nil when it may. The opt-out and the campaign are
    /// checked here, at send time, because a STOP or a leaving may come after a broadcast
    /// was queued. A reply goes at any hour (someone just wrote); an official's
    /// notification waits for the morning like a broadcast.
    public func hold(_ message: QueuedMessage, at now: Date) -> DispatchResult.Outcome? {
        if message.expiresAt <= now { return .expired }
        guard message.kind != .reply else { return nil }
        if message.kind == .broadcast, message.recipientOptedOut { return .cancelled(reason: "opted out") }
        if message.kind == .broadcast, message.recipientLeftCampaign { return .cancelled(reason: "left the campaign") }
        if quietHours.contains(now) { return .deferred(until: quietHours.end(after: now)) }
        guard message.kind == .broadcast else { return nil }
        if let cap = dailyBroadcastCap, message.broadcastsToday >= cap {
            return .deferred(until: quietHours.end(after: quietHours.nextDay(after: now)))
        }
        return nil
    }

    /// What to record for `message` after the aggregator answered `outcome`.
    public func result(of message: QueuedMessage, _ outcome: SendOutcome, at now: Date, jitter: Double) -> DispatchResult.Outcome {
        switch outcome {
        case .accepted(let id):
            return .sent(aggregatorMessageId: id)
        case .refused(let reason):
            return .failed(reason: reason)
        case .transient(let reason, let retryAfter):
            if message.attempts >= maxAttempts { return .failed(reason: "\(reason) (gave up after \(message.attempts) attempts)") }
            let at = now.addingTimeInterval(retryAfter ?? backoff.delay(afterAttempt: message.attempts, jitter: jitter))
            return at >= message.expiresAt ? .expired : .retry(at: at, reason: reason)
        }
    }
}
