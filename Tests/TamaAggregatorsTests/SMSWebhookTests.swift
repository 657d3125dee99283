import Foundation
import Testing

@testable import TamaAggregators
@testable import TamaCore

@Suite struct SMSWebhookTests {
    // MARK: Africa's Talking

    @Test func africasTalkingInboundSMS() throws {
        let form = try FormEncoding.decode(
            "from=%2B22376000001&to=384&text=+arr%C3%AAt+&date=2018-03-19T08%3A34%3A18.445Z&id=ATXid_1&linkId=&networkCode=61002"
        )
        let sms = try AfricasTalkingSMS.inbound(from: form, defaultCountry: "223")
        #expect(sms == InboundSMS(route: "africastalking", externalId: "ATXid_1", phone: PhoneNumber("+22376000001")!, recipient: "384", text: " arrêt ", network: "61002"))
    }

    @Test(arguments: [
        ("to=384&text=x&id=1", WebhookError.missingField("from")),
        ("from=%2B22376000001&to=384&text=x&id=", .emptyField("id")),
        ("from=%2B22376000001&to=384&id=1", .missingField("text")),
        ("from=hello&to=384&text=x&id=1", .invalidPhone(field: "from", value: "hello")),
    ])
    func africasTalkingInboundRefusals(_ body: String, _ error: WebhookError) throws {
        let form = try FormEncoding.decode(body)
        #expect(throws: error) { try AfricasTalkingSMS.inbound(from: form, defaultCountry: "223") }
    }

    @Test func aNULCharacterIsRefusedInAnyField() throws {
        #expect(throws: WebhookError.nulCharacter("id")) { try FormEncoding.decode("id=m1%00x&from=%2B22376000001") }
        #expect(throws: WebhookError.nulCharacter("text")) { try FormEncoding.decode("text=a%00") }
        let kannel = try FormEncoding.decodeBytes("id=k%00&from=%2B22376000001&to=384&coding=0&charset=UTF-8&text=x")
        #expect(throws: WebhookError.nulCharacter("id")) { try KannelSMS.inbound(from: kannel, defaultCountry: "223") }
        let ucs2 = try FormEncoding.decodeBytes("id=k5&from=%2B22376000001&to=384&coding=2&charset=UTF-16BE&text=%00A%00%00")
        #expect(throws: WebhookError.nulCharacter("text")) { try KannelSMS.inbound(from: ucs2, defaultCountry: "223") }
    }

    @Test func aRepeatedFieldKeepsEveryValueForSignaturesAndTheFirstForReading() throws {
        #expect(try FormEncoding.decodeAll("MediaUrl=a&Body=x&MediaUrl=b") == ["MediaUrl": ["a", "b"], "Body": ["x"]])
        #expect(try FormEncoding.decode("MediaUrl=a&Body=x&MediaUrl=b") == ["MediaUrl": "a", "Body": "x"])
    }

    @Test(arguments: [
        ("%2B22376123456", "+22376123456"), ("+22376123456", "+22376123456"), ("0022376123456", "+22376123456"),
        ("22376123456", "+22376123456"), ("76123456", "+22376123456"), ("076123456", "+22376123456"), ("%2B33612345678", "+33612345678"),
    ])
    func aSendersNumberWithoutItsCountryIsInTheDefaultOne(_ from: String, _ e164: String) throws {
        let form = try FormEncoding.decode("from=\(from)&to=384&text=x&id=1")
        #expect(try AfricasTalkingSMS.inbound(from: form, defaultCountry: "223").phone.e164 == e164)
    }

    @Test(arguments: [
        ("Success", nil, DeliveryReport.Outcome.delivered),
        ("Sent", nil, .pending), ("Submitted", nil, .pending), ("Buffered", nil, .pending),
        ("Failed", "UserInBlackList", .failed(reason: "Failed: UserInBlackList")),
        ("Rejected", "NotNetworkSubcriber", .failed(reason: "Rejected: NotNetworkSubscriber")),
        ("Rejected", "NotNetworkSubscriber", .failed(reason: "Rejected: NotNetworkSubscriber")),
        ("failed", "userinblacklist", .failed(reason: "Failed: UserInBlackList")),
        ("AbsentSubscriber", nil, .failed(reason: "AbsentSubscriber")),
        ("Expired", nil, .failed(reason: "Expired")),
        ("Failed", "SomethingNew", .failed(reason: "Failed: DeliveryFailure (SomethingNew)")),
        ("Teleported", nil, .pending),
    ])
    func africasTalkingDeliveryReports(_ status: String, _ reason: String?, _ outcome: DeliveryReport.Outcome) throws {
        var form = ["id": "ATXid_7", "status": status, "phoneNumber": "+22376000001"]
        form["failureReason"] = reason
        #expect(try AfricasTalkingSMS.deliveryReport(from: form) == DeliveryReport(messageId: "ATXid_7", outcome: outcome))
    }

    @Test func malformedDeliveryReportsAreRefused() {
        #expect(throws: WebhookError.missingField("id")) { try AfricasTalkingSMS.deliveryReport(from: ["status": "Success"]) }
        #expect(throws: WebhookError.emptyField("status")) { try AfricasTalkingSMS.deliveryReport(from: ["id": "ATXid_1", "status": ""]) }
        #expect(throws: WebhookError.missingField("MessageStatus")) { try TwilioSMS.deliveryReport(from: ["MessageSid": "SM1"]) }
        #expect(throws: WebhookError.missingField("type")) { try KannelSMS.deliveryReport(from: ["id": "12"]) }
    }

    // MARK: Twilio

    @Test func twilioSignatureVectors() {
        let v1 = TwilioSignature(authToken: "12345")
        let v1Params = [
            "CallSid": ["CA1234567890ABCDE"], "Caller": ["+12349013030"], "Digits": ["1234"], "From": ["+12349013030"],
            "To": ["+18005551212"],
        ]
        #expect(v1.signature(url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: v1Params) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")

        let token = "test_auth_token_0123456789abcdef"
        let v2Params = [
            "AccountSid": ["AC00000000000000000000000000000000"], "Body": ["I ni ce! Ɛ bɛ di?"], "From": ["+22370000001"],
            "MessageSid": ["SM00000000000000000000000000000001"], "NumMedia": ["0"], "NumSegments": ["1"], "To": ["+15005550006"],
        ]
        let v2 = TwilioSignature(authToken: token)
        #expect(v2.signature(url: "https://gw.example.ml/twilio/sms", parameters: v2Params) == "AtK9XwcdwM/u9Zh8+UDAOcUQw1I=")
        #expect(v2.isValid("AtK9XwcdwM/u9Zh8+UDAOcUQw1I=", url: "https://gw.example.ml/twilio/sms", parameters: v2Params))
        #expect(v2.isValid("AtK9XwcdwM/u9Zh8+UDAOcUQw1I=", url: "https://gw.example.ml:443/twilio/sms", parameters: v2Params))
        #expect(!v2.isValid("AtK9XwcdwM/u9Zh8+UDAOcUQw1I=", url: "https://gw.example.ml/twilio/sms2", parameters: v2Params))
        var tampered = v2Params
        tampered["Body"] = ["I ni ce!"]
        #expect(!v2.isValid("AtK9XwcdwM/u9Zh8+UDAOcUQw1I=", url: "https://gw.example.ml/twilio/sms", parameters: tampered))

        let v2sha256 = TwilioSignature(authToken: token, algorithm: .sha256)
        #expect(v2sha256.signature(url: "https://gw.example.ml/twilio/sms", parameters: v2Params) == "3pqIaHSlq9Ek8UjMaXNfXPk35FspkSWxos2UtedM+cM=")

        let v3URL = "https://gw.example.ml/twilio/json?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        let v3Body = Data(#"{"property": "value", "boolean": true}"#.utf8)
        #expect(v2.isValid("7WiddZhbHjE+Urb3J98+hzjClZw=", url: v3URL, parameters: [:], body: v3Body))
        #expect(!v2.isValid("7WiddZhbHjE+Urb3J98+hzjClZw=", url: v3URL, parameters: [:], body: Data("{}".utf8)))
    }

    @Test func twilioInboundAndStatus() throws {
        let form = [
            "MessageSid": "SM1", "From": "+22370000001", "To": "+15005550006", "Body": "Q2 B", "AccountSid": "AC1",
        ]
        #expect(try TwilioSMS.inbound(from: form, defaultCountry: "223").text == "Q2 B")
        #expect(throws: WebhookError.missingField("MessageSid")) { try TwilioSMS.inbound(from: ["From": "+22370000001", "To": "1", "Body": ""], defaultCountry: "223") }
        #expect(try TwilioSMS.deliveryReport(from: ["MessageSid": "SM1", "MessageStatus": "delivered"]).outcome == .delivered)
        #expect(
            try TwilioSMS.deliveryReport(from: ["MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "30003"]).outcome
                == .failed(reason: "undelivered (error 30003)")
        )
        #expect(try TwilioSMS.deliveryReport(from: ["MessageSid": "SM1", "MessageStatus": "sent"]).outcome == .pending)
    }

    // MARK: Kannel

    @Test func kannelInboundInEveryCharset() throws {
        let ucs2 = try FormEncoding.decodeBytes("id=k1&from=%2B22376000001&to=384&coding=2&charset=UTF-16BE&text=%01%90%00%20%00b%02%5B")
        #expect(try KannelSMS.inbound(from: ucs2, defaultCountry: "223").text == "Ɛ bɛ")
        let latin1 = try FormEncoding.decodeBytes("id=k2&from=%2B22376000001&to=384&coding=0&charset=ISO-8859-1&text=arr%EAt")
        #expect(try KannelSMS.inbound(from: latin1, defaultCountry: "223").text == "arrêt")
        let utf8 = try FormEncoding.decodeBytes("id=k3&from=%2B22376000001&to=384&coding=0&charset=UTF-8&text=arr%C3%AAt")
        #expect(try KannelSMS.inbound(from: utf8, defaultCountry: "223").text == "arrêt")
        let missing = try FormEncoding.decodeBytes("from=%2B22376000001&to=384&text=x")
        #expect(throws: WebhookError.missingField("id")) { try KannelSMS.inbound(from: missing, defaultCountry: "223") }
    }

    @Test func aUCS2TextWithAnOddLastByteKeepsItAsAReplacementCharacter() throws {
        let odd = try FormEncoding.decodeBytes("id=k4&from=%2B22376000001&to=384&coding=2&charset=UTF-16BE&text=%00O%00K%00")
        #expect(try KannelSMS.inbound(from: odd, defaultCountry: "223").text == "OK\u{FFFD}")
    }

    @Test func kannelDeliveryReports() throws {
        #expect(try KannelSMS.deliveryReport(from: ["id": "12", "type": "1"]) == DeliveryReport(messageId: "12", outcome: .delivered))
        #expect(try KannelSMS.deliveryReport(from: ["id": "12", "type": "16", "reply": "NACK/0x0000000b"]).outcome == .failed(reason: "rejected by the SMSC: NACK/0x0000000b"))
        #expect(try KannelSMS.deliveryReport(from: ["id": "12", "type": "8"]).outcome == .pending)
        #expect(throws: WebhookError.malformedForm("'type' is not a number: 'x'")) { try KannelSMS.deliveryReport(from: ["id": "12", "type": "x"]) }
    }
}
