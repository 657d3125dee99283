import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `/redevabilite`: public, no sign-in. Per commune, the questions citizens asked, the
/// share answered and how fast, per official and per topic, over 30, 90 or 365 days; the
/// questions a campaign team made public, with their answers; the same as CSV. No phone
/// number is anywhere on it, nor any question's text that was not made public.
struct AccountabilityPages {
    typealias Context = TamaRequestContext
    let service: QuestionService
    let pages: ConsolePages

    func register(on group: RouterGroup<Context>) {
        group.get("", use: overview)
        group.get("donnees.csv", use: csv)
        group.get(":commune", use: commune)
    }

    struct Figures {
        var received: Int
        var answered: Int
        var percent: String
        var median: String
        var width: Int

        init(_ figures: Accountability.Figures) {
            received = figures.received
            answered = figures.answered
            percent = figures.answeredPercent.map { "\($0) %" } ?? "—"
            median = figures.medianHours.map(Self.wait) ?? "—"
            width = figures.answeredPercent ?? 0
        }

        /// `18 min` under an hour (figures are kept to a tenth of an hour), `5 h`, or
        /// `2,5 j` past two days.
        static func wait(_ hours: Double) -> String {
            switch hours {
            case ..<0.1: "< 6 min"
            case ..<1: "\(Int((hours * 60).rounded())) min"
            case ..<48: "\(Self.decimal(hours)) h"
            default: "\(Self.decimal((hours / 2.4).rounded() / 10)) j"
            }
        }

        static func decimal(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value).replacingOccurrences(of: ".", with: ",")
        }
    }

    struct Window {
        var days: Int
        var current: Bool
    }

    struct OverviewPage {
        struct Row {
            var id: String
            var name: String
            var figures: Figures
        }

        var layout: Layout
        var days: Int
        var windows: [Window]
        var communes: [Row]
        var minimum: Int
    }

    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        let days = try days(request)
        let (figures, _) = try await service.accountability(days: days)
        let rows = figures.communes.map { OverviewPage.Row(id: $0.commune, name: name(of: $0.commune), figures: Figures($0.figures)) }
        return pages.render(
            "accountability",
            OverviewPage(
                layout: Layout(title: "Redevabilité"), days: days, windows: windows(days), communes: rows, minimum: Accountability.minimumToRank
            )
        )
    }

    struct CommunePage {
        struct Line {
            var rank: String
            var name: String
            var figures: Figures
        }

        struct Question {
            var number: Int
            var topic: String
            var text: String
            var answers: [QuestionPages.Shown.Answer]
        }

        var layout: Layout
        var id: String
        var name: String
        var days: Int
        var windows: [Window]
        var figures: Figures?
        var officials: [Line]
        var topics: [Line]
        var questions: [Question]
        var minimum: Int
    }

    @Sendable func commune(_ request: Request, context: Context) async throws -> Response {
        let days = try days(request)
        let id = context.parameters.get("commune") ?? ""
        let questions = service.questions(of: id)
        guard let commune = questions.commune(id) else { throw APIError.notFound("il n'y a pas de commune « \(id.prefix(40)) »") }
        let (figures, officials) = try await service.accountability(days: days)
        let mine = figures.communes.first { $0.commune == id }
        let topic = { (key: String) in questions.topics.first { $0.id == key }?.name.text(in: "fr") ?? (key.isEmpty ? "par SMS, sans sujet" : key) }
        let page = CommunePage(
            layout: Layout(title: "Redevabilité · \(commune.name)"), id: id, name: commune.name, days: days, windows: windows(days),
            figures: mine.map { Figures($0.figures) },
            officials: (mine?.officials ?? []).map { line in
                let official = Int64(line.key).flatMap { officials[$0] }
                return .init(
                    rank: line.rank.map(String.init) ?? "—",
                    name: official.map { "\($0.official.name), \(questions.offices[$0.official.office]?.text(in: "fr") ?? $0.official.office.french)" } ?? "élu",
                    figures: Figures(line.figures)
                )
            },
            topics: (mine?.topics ?? []).map { .init(rank: "", name: topic($0.key), figures: Figures($0.figures)) },
            questions: try await service.database.publicQuestions(of: id).map { question in
                CommunePage.Question(
                    number: question.number, topic: topic(question.topic), text: question.text,
                    answers: question.answers.map { answer in
                        let by = answer.official.flatMap { officials[$0] }.map { "\($0.official.name)" } ?? "à l'antenne"
                        return .init(by: by, text: answer.text, at: ConsolePages.local(answer.answeredAt, in: service.zone))
                    }
                )
            },
            minimum: Accountability.minimumToRank
        )
        return pages.render("accountability-commune", page)
    }

    /// Every commune's, official's and topic's figures, one line each.
    @Sendable func csv(_ request: Request, context: Context) async throws -> Response {
        let days = try days(request)
        let (figures, officials) = try await service.accountability(days: days)
        let writer = CSVReader(separator: ",")
        var lines = [writer.line(["days", "commune", "level", "name", "received", "answered", "answered_percent", "median_hours", "rank"])]
        for commune in figures.communes {
            let row = { (level: String, name: String, figures: Accountability.Figures, rank: Int?) in
                writer.line([
                    String(days), commune.commune, level, name, String(figures.received), String(figures.answered),
                    figures.answeredPercent.map(String.init) ?? "", figures.medianHours.map { String($0) } ?? "", rank.map(String.init) ?? "",
                ])
            }
            lines.append(row("commune", name(of: commune.commune), commune.figures, nil))
            for line in commune.officials {
                let official = Int64(line.key).flatMap { officials[$0] }
                lines.append(row("official", official.map { "\($0.official.name) (\($0.official.office.rawValue))" } ?? line.key, line.figures, line.rank))
            }
            for line in commune.topics { lines.append(row("topic", line.key, line.figures, nil)) }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"redevabilite-\(days)-jours.csv\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n"))
        )
    }

    private func name(of commune: String) -> String {
        service.questions(of: commune).commune(commune)?.name ?? commune
    }

    private func days(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("jours") else { return 90 }
        guard let days = Int(text), QuestionService.windows.contains(days) else {
            throw APIError.badRequest("jours vaut \(QuestionService.windows.map(String.init).joined(separator: ", "))")
        }
        return days
    }

    private func windows(_ days: Int) -> [Window] {
        QuestionService.windows.map { Window(days: $0, current: $0 == days) }
    }
}
