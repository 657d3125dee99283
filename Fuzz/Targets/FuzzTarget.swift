import Foundation
import TamaAggregators
import TamaCore
import TamaMenus

/// What `scripts/fuzz` feeds random bytes to: each parser Tama runs on input from
/// outside (aggregators' webhooks, menu files, contact lists) and the SMS splitting
/// every message goes through. Each check answers the property an input broke, or nil;
/// a crash inside Tama's code is a finding too. The tests replay the seed corpora and
/// every input that ever broke something (`Fuzz/Regressions`) through the same checks.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case form, africastalking, twilio, kannel, menu, csv, sms

    public func check(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .form: return Self.form(text)
        case .africastalking: return Self.africasTalking(text)
        case .twilio: return Self.twilio(text)
        case .kannel: return Self.kannel(text)
        case .menu: return Self.menu(text)
        case .csv: return Self.csv(text)
        case .sms: return Self.sms(text)
        }
    }

    /// A decoded form encodes back to a body that decodes to the same fields.
    static func form(_ body: String) -> String? {
        guard let fields = try? FormEncoding.decodeAll(body) else { return nil }
        let pairs = fields.sorted { $0.key < $1.key }.flatMap { name, values in values.map { (name, $0) } }
        guard let again = try? FormEncoding.decodeAll(FormEncoding.encode(pairs)) else { return "a decoded form did not decode again once encoded" }
        return again == fields ? nil : "a form changed through encode and decode: \(fields) became \(again)"
    }

    /// Any body: a hop, a message or a report, or a refusal; a hop Tama reads goes back
    /// into the same form the terminal phone posts and reads as the same hop.
    static func africasTalking(_ body: String) -> String? {
        guard let form = try? FormEncoding.decode(body) else { return nil }
        _ = try? AfricasTalkingSMS.inbound(from: form, defaultCountry: "223")
        _ = try? AfricasTalkingSMS.deliveryReport(from: form)
        guard let hop = try? AfricasTalkingUSSD.hop(from: form, defaultCountry: "223") else { return nil }
        guard let again = try? AfricasTalkingUSSD.hop(from: FormEncoding.decode(AfricasTalkingUSSD.form(for: hop)), defaultCountry: "223") else {
            return "a hop read from a form was refused when posted again"
        }
        return again == hop ? nil : "a hop changed when posted again: \(hop) became \(again)"
    }

    /// Any body, with any signature: a message, a report or a refusal, and a signature
    /// check that answers.
    static func twilio(_ body: String) -> String? {
        guard let fields = try? FormEncoding.decodeAll(body) else { return nil }
        let form = fields.mapValues { $0[0] }
        _ = try? TwilioSMS.inbound(from: form, defaultCountry: "223")
        _ = try? TwilioSMS.deliveryReport(from: form)
        let signer = TwilioSignature(authToken: "fuzz-token")
        let url = "https://gw.example.ml/sms/twilio"
        let signature = signer.signature(url: url, parameters: fields)
        guard signer.isValid(signature, url: url, parameters: fields) else { return "Twilio's own signature of a form did not check" }
        let forged = form["signature"] ?? "x"
        return forged != signature && signer.isValid(forged, url: url, parameters: fields) ? "a forged signature checked" : nil
    }

    /// Any query string, in any charset Kannel names: a message or a refusal.
    static func kannel(_ query: String) -> String? {
        guard let fields = try? FormEncoding.decodeBytes(query) else { return nil }
        _ = try? KannelSMS.inbound(from: fields, defaultCountry: "223")
        _ = try? KannelSMS.deliveryReport(from: fields.mapValues { String(decoding: $0, as: UTF8.self) })
        return nil
    }

    /// Any YAML: a menu or diagnostics, every diagnostic naming this file and, when it
    /// names a line, a real one.
    static func menu(_ yaml: String) -> String? {
        let (parsed, diagnostics) = MenuParser.parse(yaml, file: "fuzz.yaml")
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
        let all = diagnostics + (parsed.map { MenuLinter.check([$0], format: ScreenFormat()) } ?? [])
        for diagnostic in all {
            guard diagnostic.file == "fuzz.yaml" else { return "a diagnostic names another file: \(diagnostic)" }
            if let line = diagnostic.line, line < 1 || line > max(lines, 1) { return "a diagnostic names line \(line) of \(lines): \(diagnostic)" }
        }
        return nil
    }

    /// Any sheet: records or an unclosed quote; records written back as an export
    /// writes them read back as the same cells (a formula-like cell behind its apostrophe).
    static func csv(_ text: String) -> String? {
        var parser = CSVParser()
        var records: [CSVReader.Record] = []
        parser.feed(text[...]) { records.append($0) }
        do {
            if let last = try parser.finish() { records.append(last) }
        } catch {
            return nil
        }
        guard let separator = parser.separator else { return records.isEmpty ? nil : "records without a separator" }
        let writer = CSVReader(separator: separator)
        let kept = records.map(\.fields).filter { $0 != [""] }
        let written = kept.map(writer.line).joined(separator: "\r\n")
        var reader = CSVParser(separator: separator)
        var again: [[String]] = []
        reader.feed(written[...]) { again.append($0.fields) }
        do {
            if let tail = try reader.finish() { again.append(tail.fields) }
        } catch {
            return "an exported sheet has an unclosed quote"
        }
        let expected = kept.map { $0.map { CSVReader.mayRunAsFormula($0) ? "'" + $0 : $0 } }
        return again == expected ? nil : "cells changed through export and import: \(expected) became \(again)"
    }

    /// Any text: parts that put it back together, each within its limit, counted as the
    /// whole is, in GSM-7 exactly when every character is in its alphabet.
    static func sms(_ text: String) -> String? {
        let sms = SMSText(text)
        guard sms.parts.joined() == text else { return "the parts do not make the text again" }
        let gsm = text.unicodeScalars.allSatisfy(GSM7.canEncode)
        guard (sms.encoding == .gsm7) == gsm else { return "GSM-7 chosen \(sms.encoding == .gsm7) for a text whose characters all encode: \(gsm)" }
        guard sms.unitsPerPart.reduce(0, +) == sms.units else { return "the parts' units do not add up to the text's" }
        if sms.units <= sms.encoding.singleLimit {
            return sms.partCount == 1 ? nil : "a text that fits one SMS was split"
        }
        if let part = sms.unitsPerPart.firstIndex(where: { $0 > sms.encoding.partLimit || $0 == 0 }) {
            return "part \(part + 1) of \(sms.partCount) carries \(sms.unitsPerPart[part]) units (limit \(sms.encoding.partLimit))"
        }
        return nil
    }
}
