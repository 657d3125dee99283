import Foundation
import Testing

@testable import TamaCore

@Suite struct OfficialImportTests {
    let questions = CivicQuestions(
        communes: [.init(id: "kayes", name: "Kayes"), .init(id: "diema", name: "Diéma")],
        topics: [.init(id: "eau", name: Localized(["fr": "Eau"])), .init(id: "sante", name: Localized(["fr": "Santé"]))]
    )

    /// A sheet as a commune's secretary types it in a French spreadsheet: every row that
    /// can be registered is, and every other one is named by line with its reason.
    @Test func aSheetRegistersWhatItCanAndNamesEveryOtherLine() throws {
        let text = """
            \u{FEFF}Nom;Fonction;Commune;Téléphone;Langues;Sujets;Remarque
            Moussa Diarra;Maire;Diéma;66 00 00 01;fr|bm;;élu en 2024
            Awa Traoré;Conseillère;diema;66000002;bm;eau|sante;
            Sidi Keïta;Député;Kayes;+223 66 00 00 03;;tous;
            Bad Phone;maire;Kayes;6600;fr;;
            Ailleurs;maire;Bamako;66000005;fr;;
            Sujet;conseiller;kayes;66000006;fr;routes;
            Poste;préfet;kayes;66000007;fr;;
            Langue;maire;kayes;66000008;wo;;
            Deux fois;adjoint;kayes;66 00 00 02;fr;;
            Sans nom;;kayes;66000010;fr;;
            """
        let sheet = try OfficialImport(csv: text, defaultCountry: "223", questions: questions, languages: ["fr", "bm"])
        #expect(sheet.officials.map(\.name) == ["Moussa Diarra", "Awa Traoré", "Sidi Keïta"])
        #expect(sheet.officials.map(\.office) == [.mayor, .councillor, .deputy])
        #expect(sheet.officials.map(\.commune) == ["diema", "diema", "kayes"])
        #expect(sheet.officials.map(\.phone.e164) == ["+22366000001", "+22366000002", "+22366000003"])
        #expect(sheet.officials[0].languages == ["fr", "bm"] && sheet.officials[2].languages == ["fr"], "none given: the menus' first")
        #expect(sheet.officials[0].topics == nil && sheet.officials[1].topics == ["eau", "sante"] && sheet.officials[2].topics == nil)
        #expect(sheet.officials[1].takes("eau") && !sheet.officials[1].takes("routes") && sheet.officials[0].takes("routes"))
        #expect(sheet.ignoredColumns == ["Remarque"])
        #expect(sheet.rejections.map(\.description) == [
            "line 5: '6600' is not a phone number",
            "line 6: commune 'Bamako' is not one of the menus' (kayes, diema)",
            "line 7: topic 'routes' is not one of the menus' (eau, sante)",
            "line 8: office 'préfet' is not one of mayor, deputy-mayor, councillor, deputy, other (or maire, adjoint, conseiller, député)",
            "line 9: language 'wo' is not one of the menus' (fr, bm)",
            "line 10: +22366000002 is already on line 3",
            "line 11: no office",
        ])
    }

    @Test func aSheetWithoutTheColumnsARegistryNeedsIsRefusedWhole() {
        #expect(throws: OfficialImport.Failure.missingColumns([.office, .commune])) {
            try OfficialImport(csv: "name,phone\nA,66000001", defaultCountry: "223", questions: questions, languages: ["fr"])
        }
        #expect(throws: OfficialImport.Failure.empty) { try OfficialImport(csv: "", defaultCountry: "223", questions: questions, languages: ["fr"]) }
    }
}
