import Foundation
import Logging
import ServiceLifecycle

/// Hourly, reminds the officials of questions left unanswered and flags those still
/// waiting to the campaign team (``QuestionService/remindAndEscalate(remindAfter:escalateAfter:)``).
struct QuestionReminders: Service {
    let service: QuestionService
    let settings: ServerConfiguration.Questions
    let logger: Logger
    var interval: Duration = .seconds(3600)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let done = try await service.remindAndEscalate(remindAfter: settings.remindAfter, escalateAfter: settings.escalateAfter)
                    if done.reminded + done.escalated > 0 {
                        logger.info("questions waiting for an answer", metadata: ["reminded": "\(done.reminded)", "flagged": "\(done.escalated)"])
                    }
                } catch {
                    logger.error("could not remind officials of their questions", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
