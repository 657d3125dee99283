import Foundation
import TamaCore

/// The latest results of each quiz, shared by every page that follows it live: a results
/// page's stream asks twice a second, and however many pages are open in the studio and
/// on phones, the store counts each quiz at most once per ``freshness``.
actor QuizLive {
    let service: QuizService
    /// How old shared results may be: well under the second a listener's answer may take
    /// to show on air.
    let freshness: TimeInterval

    private var cached: [String: (results: QuizResults, at: Date)] = [:]
    private var counting: [String: Task<QuizResults, any Error>] = [:]

    init(service: QuizService, freshness: TimeInterval = 0.25) {
        self.service = service
        self.freshness = freshness
    }

    func results(_ quiz: String) async throws -> QuizResults {
        if let cached = cached[quiz], Date().timeIntervalSince(cached.at) < freshness { return cached.results }
        if let running = counting[quiz] { return try await running.value }
        // Dated when the count starts: what the results show is that moment's.
        let started = Date()
        let task = Task { try await service.results(quiz) }
        counting[quiz] = task
        defer { counting[quiz] = nil }
        let results = try await task.value
        cached[quiz] = (results, started)
        return results
    }
}
