import Testing

@testable import TamaCore

/// The vectors of docs/aggregators.md §4.3, computed with `gsm0338` and cross-checked with `smsutil`.
@Suite struct SMSTextTests {
    static let reminder =
        "Bonjour Awa, votre rendez-vous au centre de santé de Bamako est confirmé pour le 12 mars à 9h30. "
        + "Merci d'arriver 15 minutes à l'avance avec votre carnet. A bientôt!"

    @Test(arguments: [
        ("Bonjour, votre code est 4821. Merci.", SMSEncoding.gsm7, 36, [36]),
        ("Où est le médecin? Il arrive à 9h. Réunion à l'école.", .gsm7, 53, [53]),
        ("Êtes-vous prêt? Rendez-vous à l'hôpital.", .ucs2, 40, [40]),
        ("Ça va? Le reçu est prêt.", .ucs2, 24, [24]),
        ("Prix: 5€ [promo] {ok} ~ a|b ^ \\", .gsm7, 40, [40]),
        ("I ni ce! Ɛ bɛ di? Ne bɛ taa sugu la. Ɲɔgɔn ye ŋ", .ucs2, 47, [47]),
        (
            "I ni sɔgɔma! I ka taama dɔgɔtɔrɔso la sini sɔgɔma waati 9 la. I ka i ka sɛbɛn ta ka na. Aw ni baara!",
            .ucs2, 100, [67, 33]
        ),
        (String(repeating: "a", count: 160), .gsm7, 160, [160]),
        (String(repeating: "a", count: 161), .gsm7, 161, [153, 8]),
        (String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 10), .gsm7, 164, [152, 12]),
        (String(repeating: "a", count: 159) + "€", .gsm7, 161, [153, 8]),
        (String(repeating: "ɛ", count: 70), .ucs2, 70, [70]),
        (String(repeating: "ɛ", count: 71), .ucs2, 71, [67, 4]),
        (String(repeating: "x", count: 66) + "👍" + String(repeating: "y", count: 10), .ucs2, 78, [66, 12]),
        (reminder, .ucs2, 164, [67, 67, 30]),
        (reminder.replacingOccurrences(of: "bientôt", with: "bientot"), .gsm7, 164, [153, 11]),
        ("Merci d’arriver à l’heure", .ucs2, 25, [25]),
    ])
    func contractVectors(_ text: String, _ encoding: SMSEncoding, _ units: Int, _ parts: [Int]) {
        let sms = SMSText(text)
        #expect(sms.encoding == encoding)
        #expect(sms.units == units)
        #expect(sms.unitsPerPart == parts)
        #expect(sms.parts.joined() == text)
    }

    @Test func anEmptyMessageIsOnePart() {
        let sms = SMSText("")
        #expect(sms.partCount == 1 && sms.units == 0 && sms.encoding == .gsm7)
    }

    /// Whatever the text, parts rebuild it, none exceeds its limit, and no part starts
    /// with half a character.
    @Test func partsNeverSplitACharacter() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aé€{}ɛ👍ç \n߀ߒ") + ["e\u{301}"]
        for _ in 0..<500 {
            let length = Int.random(in: 0..<400, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let sms = SMSText(text)
            #expect(sms.parts.joined() == text)
            if sms.partCount > 1 {
                #expect(sms.unitsPerPart.allSatisfy { $0 <= sms.encoding.partLimit })
            }
            #expect(sms.parts.allSatisfy { $0.utf16.first.map { !UTF16.isTrailSurrogate($0) } ?? true })
        }
    }

    @Test func costCountsEveryPartForEveryRecipient() {
        let price = PartPrice(amount: 25)
        #expect(price.cost(parts: SMSText(String(repeating: "ɛ", count: 71)).partCount * 1_000) == 50_000)
    }
}
