/// Who an API token speaks for. Each role sees and does only its part: a radio host
/// reads quiz results but cannot message a commune; an official answers questions but
/// never sees who asked.
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin
    case campaign
    case host
    case official

    public func allows(_ permission: Permission) -> Bool {
        switch self {
        case .admin: true
        case .campaign: [
                .readSubscribers, .importSubscribers, .readBroadcasts, .manageBroadcasts, .readQuizResults, .runQuizzes, .manageHosts, .readWinners,
                .readQuestions, .moderateQuestions, .markAnsweredOnAir,
            ]
            .contains(permission)
        case .host: [.readQuizResults, .runQuizzes, .markAnsweredOnAir].contains(permission)
        case .official: [.readQuestions, .answerQuestions].contains(permission)
        }
    }
}

/// What an API route needs its caller's role to allow.
public enum Permission: String, Sendable, CaseIterable {
    case manageTokens = "manage tokens"
    case readSubscribers = "read subscribers"
    case importSubscribers = "import subscribers"
    /// Erase a person on their request: admins only, and audited.
    case eraseSubscribers = "erase subscribers"
    case readBroadcasts = "read broadcasts"
    case manageBroadcasts = "create and change broadcasts"
    case readQuizResults = "read quiz results"
    case runQuizzes = "open and close quiz questions"
    case manageHosts = "register radio hosts"
    /// A draw's winners' whole numbers, to deliver their prizes; every look is audited.
    case readWinners = "see a draw's winners' numbers"
    /// The registry of officials, their numbers included: admins only.
    case manageOfficials = "register officials"
    case readQuestions = "read citizens' questions"
    case answerQuestions = "answer citizens' questions"
    /// Hold a commune's questions for approval, pass them on, hide an abusive one.
    case moderateQuestions = "moderate citizens' questions"
    /// A question answered on the radio counts as answered.
    case markAnsweredOnAir = "mark a question answered on air"
}
