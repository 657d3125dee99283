/// The screen a hop answers with: text for the phone, and whether the session ends there.
public struct Reply: Sendable, Equatable {
    public var text: String
    public var ends: Bool

    public init(text: String, ends: Bool) {
        self.text = text
        self.ends = ends
    }
}
