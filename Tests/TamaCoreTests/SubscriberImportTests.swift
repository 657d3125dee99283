import Foundation
import Testing

@testable import TamaCore

@Suite struct SubscriberImportTests {
    @Test(arguments: [
        ("76 00 00 00", "+22376000000"), ("76.00.00.00", "+22376000000"), ("076000000", "+22376000000"),
        ("22376000000", "+22376000000"), ("+223 76 00 00 00", "+22376000000"), ("0022376000000", "+22376000000"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ])
    func nationalNumbersTakeTheDefaultCountry(_ text: String, _ e164: String) {
        #expect(PhoneNumber(text, defaultCountry: "223")?.e164 == e164)
    }

    @Test(arguments: ["", "12", "76 00 00 0x", "abc", "7600"])
    func whatIsNotANumberIsRefused(_ text: String) {
        #expect(PhoneNumber(text, defaultCountry: "223") == nil)
    }

    @Test func csvWithBOMSemicolonsQuotesAndLineBreaks() throws {
        let text = "\u{FEFF}phone;name;tags\r\n76000001;\"Traoré; Awa\";\"a|b\"\r\n\r\n76000002;\"Dit \"\"Ba\"\"\nsur deux lignes\";\n76000003;Sans fin de ligne;c"
        let records = try CSVReader.records(text)
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(records[0].fields == ["phone", "name", "tags"])
        #expect(records[1].fields == ["76000001", "Traoré; Awa", "a|b"])
        #expect(records[2].fields == ["76000002", "Dit \"Ba\"\nsur deux lignes", ""])
        #expect(records[3].fields == ["76000003", "Sans fin de ligne", "c"])
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 2)) { try CSVReader.records("phone,name\n1,\"open") }
        #expect(CSVReader.detectSeparator("a,b;c,d") == ",")
        #expect(CSVReader(separator: ";").line(["+223", "a;b", "say \"hi\"", " x"]) == "+223;\"a;b\";\"say \"\"hi\"\"\";\" x\"")
    }

    @Test func cellsASpreadsheetWouldRunAreWrittenAsTextAndReadBack() throws {
        let dangerous = ["=HYPERLINK(\"http://x\",\"clic\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx"]
        let line = CSVReader(separator: ",").line(dangerous + ["+22376000001", "-5", "Awa"])
        let fields = try CSVReader.records("a,b,c,d,e,f,g,h\n" + line)[1].fields
        #expect(fields.prefix(5).allSatisfy { $0.hasPrefix("'") }, "\(fields)")
        #expect(fields.suffix(3) == ["+22376000001", "-5", "Awa"])
        #expect(fields.map { String(CSVReader.cell($0)) } == dangerous + ["+22376000001", "-5", "Awa"])
    }

    @Test func aCellOverItsLimitOrWithANULIsRefusedWithItsLine() throws {
        let csv = "phone,name,commune\n76000001,\(String(repeating: "A", count: 201)),Kayes\n76000002,Awa,Kay\u{0}es\n'+22376000003,Fanta,Kayes"
        let list = try SubscriberImport(csv: csv, defaultCountry: "223", languages: ["fr"], source: "x")
        #expect(list.rejections.map(\.description) == ["line 2: the name is longer than 200 characters", "line 3: the commune contains a NUL character"])
        #expect(list.rows.map(\.phone.e164) == ["+22376000003"])
    }

    @Test func rowsAreCheckedAndEveryRejectionSaysWhy() throws {
        let csv = """
            Téléphone,Nom,Langue,Commune,Étiquettes,Consentement,Autre
            76 00 00 01,Awa,BM,Kayes,Jeunes| femmes ,2026-11-01,x
            12,Bad,fr,Kayes,,,
            76000003,Fanta,en,Kayes,,,
            76 00 00 01,Dup,fr,Kayes,,,
            76000004,Mali,fr,Diéma,,hier,
            76000005,Trop,de,champs,,,,
            ,Sans numéro,fr,,,,
            """
        let list = try SubscriberImport(csv: csv, defaultCountry: "223", languages: ["fr", "bm"], source: "import:test.csv")
        #expect(list.ignoredColumns == ["Autre"])
        #expect(list.rows == [
            SubscriberRow(
                phone: PhoneNumber("+22376000001")!, name: "Awa", language: "bm", commune: "Kayes", tags: ["jeunes", "femmes"],
                consentedAt: SubscriberImport.parseDate("2026-11-01"), source: "import:test.csv"
            )
        ])
        #expect(list.rejections.map(\.description) == [
            "line 3: '12' is not a phone number",
            "line 4: language 'en' is not one of the menus' (fr, bm)",
            "line 5: +22376000001 is already on line 2",
            "line 6: consent 'hier' is not a date like 2026-11-21 or 2026-11-21 14:30",
            "line 7: has 8 fields, the header has 7",
            "line 8: no phone number",
        ])
        #expect(throws: SubscriberImport.Failure.noPhoneColumn(header: ["nom", "langue"])) {
            try SubscriberImport(csv: "nom,langue\nAwa,fr", defaultCountry: "223", languages: ["fr"], source: "x")
        }
    }
}
