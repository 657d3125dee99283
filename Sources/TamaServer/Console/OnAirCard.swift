import TamaCore

/// "Lire à l'antenne": two or three short sentences a host reads out, in French, from the
/// results as they stand: how many took part, each closed question's right answer and
/// its share, and a draw's winner as a masked number and, when known, a commune.
struct OnAirCard {
    let quiz: Quiz
    let results: QuizResults
    let winner: String?
    var commune: String? = nil

    var sentences: [String] {
        var sentences = ["\(results.participants) auditeurs ont participé au \(quiz.title.text(in: "fr"))."]
        for (question, counted) in zip(quiz.questions, results.questions) where counted.state == .closed && counted.answers > 0 {
            let right = question.choices.first { $0.letter == question.answer }
            sentences.append(
                "Question \(question.number) : la bonne réponse était \(question.answer), \(right?.label.text(in: "fr") ?? "") ; \(counted.rightShare) % l'ont trouvée."
            )
        }
        if let winner { sentences.append("Le gagnant du tirage : le numéro \(winner)\(commune.map { ", de \($0)" } ?? ""). Bravo !") }
        return sentences
    }
}
