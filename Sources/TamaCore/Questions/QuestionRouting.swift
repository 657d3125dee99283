/// Who a question goes to: the officials of its commune, in office, who take its topic;
/// when none does, the commune's mayor, so a question never stops at a gap in the registry.
public enum QuestionRouting {
    public static func recipients(commune: String, topic: String, among officials: [RegisteredOfficial]) -> [RegisteredOfficial] {
        let serving = officials.filter { $0.retiredAt == nil && $0.official.commune == commune }
        let taking = serving.filter { topic.isEmpty ? $0.official.topics == nil : $0.official.takes(topic) }
        return taking.isEmpty ? serving.filter { $0.official.office == .mayor } : taking
    }
}
