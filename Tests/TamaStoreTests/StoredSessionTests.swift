import Testing

@testable import TamaStore

@Suite struct StoredSessionTests {
    /// A variable holds whatever a caller typed: separators, digits, accents, emoji, nothing.
    @Test(arguments: [
        [:],
        ["question": ""],
        ["question": "Le forage de Kayes est en panne depuis 3 mois"],
        ["a:b": "12:34", "3": "3:", "": "x"],
        ["question": "Ɲɛ ka sɔrɔ 🙏 — «forage» n° 5\n\t*#", "commune": "diéma"],
        ["question": String(repeating: "é", count: 500)],
    ])
    func variablesReadBackAsWritten(_ variables: [String: String]) throws {
        #expect(try StoredSession.variables(from: StoredSession.text(of: variables)) == variables)
    }

    /// A text edited by hand names what is wrong rather than read as something else.
    @Test(arguments: ["x", "5:abc", "3:abc", "3:abc4", "-1:a1:b", "3:abc9:toolong", ":a"])
    func aMalformedTextIsRefused(_ text: String) {
        #expect(throws: StoredSession.UnreadableVariables.self) { try StoredSession.variables(from: text) }
    }
}
