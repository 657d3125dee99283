/// Where a broadcast stands: `scheduled` → `fanning_out` → `sending` → `finished`; or
/// `paused` (from any of the first three), `cancelled`, or `failed` when its fan-out
/// could not go on (the reason is kept with it). The store, the API and the console all
/// ask this type what a broadcast allows, so the rule lives once.
public enum BroadcastStatus: String, Sendable, Codable {
    case scheduled
    case fanningOut = "fanning_out"
    case sending
    case paused
    case finished
    case cancelled
    case failed

    /// What a campaign team can do to a broadcast.
    public enum Action: String, Sendable {
        case pause, resume, cancel

        public var pastTense: String {
            switch self {
            case .pause: "paused"
            case .resume: "resumed"
            case .cancel: "cancelled"
            }
        }
    }

    /// Nothing more will happen to it.
    public var isFinal: Bool {
        switch self {
        case .finished, .cancelled, .failed: true
        case .scheduled, .fanningOut, .sending, .paused: false
        }
    }

    /// Whether its fan-out still has people to queue.
    public var fansOut: Bool { self == .scheduled || self == .fanningOut }

    public func allows(_ action: Action) -> Bool {
        switch action {
        case .pause: self == .scheduled || self == .fanningOut || self == .sending
        case .resume: self == .paused
        case .cancel: !isFinal
        }
    }

    /// As people read it: `fanning out`.
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
