import Foundation
import Testing

@testable import TamaCore

/// The accountability figures on a fixed data set: what a funder reads must be exact.
@Suite struct AccountabilityTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func record(_ commune: String, _ topic: String, daysAgo: Double, to recipients: [Int64], answers: [(Int64?, Double)]) -> Accountability.Record {
        let routed = now.addingTimeInterval(-daysAgo * 86_400)
        return Accountability.Record(
            commune: commune, topic: topic, routedAt: routed, recipients: recipients, answers: answers.map { ($0.0, routed.addingTimeInterval($0.1 * 3_600)) }
        )
    }

    @Test func receivedAnsweredAndMedianPerCommuneOfficialAndTopic() {
        let records = [
            // The mayor of Diéma (1): six questions, four answered after 1, 2, 3 and 10 hours.
            record("diema", "eau", daysAgo: 1, to: [1], answers: [(1, 1)]),
            record("diema", "eau", daysAgo: 2, to: [1], answers: [(1, 2)]),
            record("diema", "ecole", daysAgo: 3, to: [1], answers: [(1, 3), (1, 30)]),
            record("diema", "ecole", daysAgo: 4, to: [1], answers: [(1, 10)]),
            record("diema", "eau", daysAgo: 5, to: [1], answers: []),
            record("diema", "routes", daysAgo: 6, to: [1], answers: []),
            // A councillor (2) with two questions, one answered: shown, not ranked.
            record("diema", "sante", daysAgo: 7, to: [2], answers: [(2, 5)]),
            record("diema", "sante", daysAgo: 8, to: [2], answers: []),
            // Answered on air only: the commune's figures count it, no official's do.
            record("diema", "eau", daysAgo: 9, to: [1], answers: [(nil, 4)]),
            // Older than the window, and another commune.
            record("diema", "eau", daysAgo: 40, to: [1], answers: []),
            record("kayes", "eau", daysAgo: 1, to: [3], answers: [(3, 24)]),
        ]
        let figures = Accountability(records, days: 30, now: now, order: ["kayes", "nioro", "diema"])
        #expect(figures.communes.map(\.commune) == ["kayes", "diema"], "in the menus' order, only communes with questions")
        let diema = figures.communes[1]
        #expect(diema.figures == .init(received: 9, answered: 6, medianHours: 3.5, answeredPercent: 67))
        #expect(diema.officials.map(\.key) == ["1", "2"])
        #expect(diema.officials[0].figures == .init(received: 7, answered: 4, medianHours: 2.5, answeredPercent: 57))
        #expect(diema.officials[0].rank == 1)
        #expect(diema.officials[1].figures == .init(received: 2, answered: 1, medianHours: 5, answeredPercent: nil))
        #expect(diema.officials[1].rank == nil, "two questions do not make a rate")
        #expect(diema.topics.map(\.key) == ["eau", "ecole", "routes", "sante"])
        #expect(diema.topics.map(\.figures.received) == [4, 2, 1, 2] && diema.topics.map(\.figures.answered) == [3, 2, 0, 1])
        #expect(diema.topics[1].figures.medianHours == 6.5)
        #expect(figures.communes[0].figures == .init(received: 1, answered: 1, medianHours: 24, answeredPercent: 100))
    }

    @Test func moreResponsiveOfficialsRankFirstAndTheFasterBreaksATie() {
        let records = (0..<5).map { record("kayes", "eau", daysAgo: Double($0) + 1, to: [7, 8, 9], answers: [(7, 10), (8, 2)] + ($0 < 4 ? [(9, 1)] : [])) }
        let officials = Accountability(records, days: 30, now: now, order: ["kayes"]).communes[0].officials
        #expect(officials.map(\.key) == ["8", "7", "9"])
        #expect(officials.map(\.rank) == [1, 2, 3])
    }
}
