import Testing

@testable import TamaAggregators
@testable import TamaCore

@Suite struct AfricasTalkingUSSDTests {
    @Test func aCapturedCallbackBecomesAHop() throws {
        // Field order and encoding as in a captured Africa's Talking request (docs/aggregators.md §1.1).
        let body = "phoneNumber=%2B254739495441&serviceCode=%2A384%2A44135%23&text=1%2A500&sessionId=ATUid_7c89f279&networkCode=63902"
        let hop = try AfricasTalkingUSSD.hop(from: FormEncoding.decode(body), defaultCountry: "223")
        #expect(hop == USSDHop(
            aggregator: "africastalking", sessionID: "ATUid_7c89f279", serviceCode: "*384*44135#",
            phone: PhoneNumber("+254739495441")!, network: "63902", text: "1*500"
        ))
    }

    @Test(arguments: ["", "1*2*3", "Où est l'école? 50% + 2 = ?", "ɛɔɲŋ 😀 #*+&="])
    func theTerminalPhonesFormReadsBackAsTheSameHop(_ text: String) throws {
        let hop = USSDHop(
            aggregator: "africastalking", sessionID: "SIM_1", serviceCode: "*384*77#", phone: PhoneNumber("+22376000000")!,
            network: "99999", text: text
        )
        #expect(try AfricasTalkingUSSD.hop(from: FormEncoding.decode(AfricasTalkingUSSD.form(for: hop)), defaultCountry: "223") == hop)
    }

    @Test func repliesAreConOrEnd() {
        #expect(AfricasTalkingUSSD.body(for: Reply(text: "Menu\n1. Quiz", ends: false)) == "CON Menu\n1. Quiz")
        #expect(AfricasTalkingUSSD.body(for: Reply(text: "Merci", ends: true)) == "END Merci")
        #expect(AfricasTalkingUSSD.reply(fromBody: "END Merci") == Reply(text: "Merci", ends: true))
        #expect(AfricasTalkingUSSD.reply(fromBody: "CONTINUE") == nil)
    }

    @Test func formsDecodeLikeBrowsersEncodeThem() throws {
        #expect(try FormEncoding.decode("a=1&b=x+y%2Bz&c=&d&a=2&e=%C3%A9%3D") == ["a": "1", "b": "x y+z", "c": "", "d": "", "e": "é="])
        #expect(throws: WebhookError.self) { try FormEncoding.decode("a=%E9") }
        #expect(throws: WebhookError.self) { try FormEncoding.decode("a=%4") }
    }
}
