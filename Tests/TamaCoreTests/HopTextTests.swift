import Testing

@testable import TamaCore

@Suite struct HopTextTests {
    @Test(arguments: [
        ("", "", HopText.Meaning.repeated),
        ("1", "", .input("1")),
        ("1*500", "1", .input("500")),
        ("1*500*2", "1*500", .input("2")),
        ("1*500", "1*500", .repeated),
        ("1", "1*500", .repeated),
        ("", "1*500", .repeated),
        ("1*hello*world", "1", .input("hello*world")),
        ("1*", "1", .input("")),
        ("3", "1*2", .input("3")),
        ("2*9", "1*2", .input("9")),
    ])
    func meaning(received: String, stored: String, expected: HopText.Meaning) {
        #expect(HopText.meaning(of: received, after: stored) == expected)
    }
}
