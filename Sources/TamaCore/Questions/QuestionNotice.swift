/// The text that tells an official a question reached them, in every language of the
/// menu it was asked in. It travels with the question because the store routes it in the
/// question's own transaction and writes to each official in their language.
public struct QuestionNotice: Sendable, Equatable {
    public var text: Localized
    public var commune: String
    public var topic: Localized

    public init(text: Localized, commune: String, topic: Localized) {
        self.text = text
        self.commune = commune
        self.topic = topic
    }

    /// The notice for question `number` as `official` reads it. Their number shows only
    /// when the citizen chose to sign (`signedBy`).
    public func text(for official: Official, number: Int, question: String, signedBy: PhoneNumber?) -> String {
        let language = official.languages.first { text.values[$0] != nil } ?? official.languages.first ?? "fr"
        // The citizen's text goes in last, as typed: the tidying is the template's only.
        let placeholder = "\u{0}"
        let framed = Template(text.text(in: language)).render([
            "ref": String(number), "commune": commune, "topic": topic.values.isEmpty ? "" : topic.text(in: language), "text": placeholder,
            "signature": signedBy.map { " (\($0.e164))" } ?? "",
        ])
        // A question without a topic (by SMS) leaves no gap where its topic would be.
        return framed.replacingOccurrences(of: "( ", with: "(").replacingOccurrences(of: " )", with: ")")
            .replacingOccurrences(of: "  ", with: " ").replacingOccurrences(of: placeholder, with: question)
    }
}
