/// A text written once per language of a menu.
public struct Localized: Sendable, Equatable {
    public var values: [Language: String]

    public init(_ values: [Language: String]) {
        self.values = values
    }

    /// The text in `language`. A missing translation falls back to another language (the
    /// first in code order, so the choice is stable) rather than blanking a screen;
    /// `tama menus check` reports every gap before a menu ships.
    public func text(in language: Language) -> String {
        if let text = values[language] { return text }
        return values.min { $0.key < $1.key }?.value ?? ""
    }
}
