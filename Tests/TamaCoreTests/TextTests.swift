import Testing

@testable import TamaCore

@Suite struct TextTests {
    @Test(arguments: [
        ("+22376000000", "+22376000000"),
        ("0022376000000", "+22376000000"),
        (" 22376000000", "+22376000000"),
        ("+223 76 00 00 00", "+22376000000"),
        ("+1 (415) 555-0100", "+14155550100"),
    ])
    func phoneNumbersAreNormalised(_ text: String, _ e164: String) {
        #expect(PhoneNumber(text)?.e164 == e164)
    }

    @Test(arguments: ["", "+", "abc", "+223", "+0123456789", "+22376000000000000", "+22376OOOOOO", "7600 0000x"])
    func invalidPhoneNumbersAreRefused(_ text: String) {
        #expect(PhoneNumber(text) == nil)
    }

    @Test func maskedNumbersHideTheSubscriberPart() {
        #expect(PhoneNumber("+22376123456")?.masked == "+22376••••56")
        #expect(PhoneNumber("+12345678")?.masked == "+1234••78")
    }

    @Test(arguments: [
        ("I ni sɔgɔma! Ɲɔgɔn ye ŋ", "I ni sogoma! Nyogon ye ng"),
        ("Êtes-vous prêt? Le reçu, l’hôpital", "Etes-vous pret? Le recu, l'hopital"),
        ("« Oui » – n° 12…", "\" Oui \" - no 12..."),
        ("Où est l'école? À bientôt", "Où est l'école? A bientot"),
        ("Prix: 5€ [promo] {ok}", "Prix: 5€ [promo] {ok}"),
        ("Bravo 👍 ߒߞߏ", "Bravo ? ???"),
    ])
    func ussdScreensAreTransliteratedToGSM7(_ text: String, _ expected: String) {
        let result = Transliteration.toGSM7(text)
        #expect(result == expected)
        #expect(GSM7.unencodable(in: result).isEmpty)
    }

    @Test func gsm7CountsExtensionCharactersTwice() {
        #expect(ScreenFormat().length(of: "Prix: 5€ [promo] {ok} ~ a|b ^ \\") == 40)
        #expect(GSM7.septets(for: "Ç") == 1)
        #expect(GSM7.septets(for: "ç") == nil)
        #expect(GSM7.septets(for: "$") == 1)
    }

    @Test(arguments: [
        (" arrêt ", "ARRET"), ("Arret", "ARRET"), ("  q   2  b ", "Q 2 B"), ("ɲɛ", "ƝƐ"), ("Stop.", "STOP"), ("ＳＴＯＰ", "STOP"),
        ("q2-b", "Q2 B"), ("ﬁn", "FIN"),
    ])
    func foldingIgnoresCaseAccentsAndSpaces(_ text: String, _ folded: String) {
        #expect(Folding.fold(text) == folded)
    }

    /// The ASCII path must read every byte as the Unicode path does: each ASCII byte
    /// alone, between letters, after a space, and doubled.
    @Test func foldingASCIIAgreesWithUnicodeFolding() {
        for value in UInt8(0)..<128 {
            let c = String(UnicodeScalar(value))
            for text in [c, "a\(c)b", " \(c) x", "\(c)\(c)Q2", "stop\(c)"] {
                var bytes = text
                let ascii = bytes.withUTF8 { Folding.foldASCII($0) }
                #expect(ascii == Folding.foldUnicode(text), "byte \(value) in \(text.debugDescription)")
            }
        }
    }

    @Test func gsm7ASCIITableAgreesWithTheAlphabet() {
        for value in UInt8(0)..<128 {
            let scalar = Unicode.Scalar(value)
            let expected = GSM7.basic.contains(scalar) ? 1 : GSM7.extended.contains(scalar) ? 2 : nil
            #expect(GSM7.septets(for: scalar) == expected, "byte \(value)")
        }
    }

    @Test func templatesFillNamedVariablesOnly() {
        let template = Template("N° {ref} pour {commune}: {} { x } {Upper} {missing}")
        #expect(template.variables == ["ref", "commune", "missing"])
        #expect(template.render(["ref": "12", "commune": "Kayes"]) == "N° 12 pour Kayes: {} { x } {Upper} ")
    }
}
