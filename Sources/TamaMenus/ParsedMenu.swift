import TamaCore

/// A menu read from its file, with the line of each of its parts.
public struct ParsedMenu: Sendable {
    public let menu: Menu
    let source: SourceMap
}
