import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import TamaAggregators
import TamaTestSupport
import Testing

@testable import TamaCore
@testable import TamaStore

private func form(_ fields: KeyValuePairs<String, String>) -> ByteBuffer {
    ByteBuffer(string: FormEncoding.encode(fields))
}


@Suite struct SMSRouteTests {
    @Test func anAfricasTalkingSMSIsStoredWithItsEffectsAndReplyOnceHoweverOftenItIsPosted() async throws {
        let file = try TemporaryDatabase()
        let database = try file.open()
        let body: KeyValuePairs<String, String> = [
            "from": "+22376000001", "to": "384", "text": " join ", "date": "2026-11-21T10:00:00.000Z", "id": "ATXid_1",
            "networkCode": "61002",
        ]
        try await makeApplication(database: database).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: form(body)) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        try await answered(database)
        let reopened = try file.open()
        #expect(try await count(reopened, "SELECT COUNT(*) FROM inboundMessage WHERE text = ' join ' AND service = 'engageons-nous'") == 1)
        #expect(try await count(reopened, "SELECT COUNT(*) FROM subscription WHERE campaign = 'engageons-nous' AND status = 'active'") == 1)
        #expect(
            try await count(
                reopened,
                "SELECT COUNT(*) FROM outboundMessage WHERE kind = 'reply' AND route = 'africastalking' AND recipient = '+22376000001' AND text LIKE 'Vous recevrez%'"
            ) == 1
        )
    }

    @Test func stopThenABroadcastQueuedBeforeIsNeverSent() async throws {
        let database = try AppDatabase.inMemory()
        let now = Date()
        try await database.enqueue(
            [OutgoingSMS(recipient: PhoneNumber("+22376000002")!, text: "Info", route: "africastalking", kind: .broadcast, expiresAt: now + 3_600)],
            at: now
        )
        try await makeApplication(database: database).test(.router) { client in
            let stop: KeyValuePairs<String, String> = ["from": "+22376000002", "to": "384", "text": "Arrêt", "id": "ATXid_2"]
            try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: form(stop)) { response in
                #expect(response.status == .ok)
            }
        }
        try await answered(database)
        let claimed = try await database.claimDue(route: "africastalking", limit: 10, now: now, lease: 60, quietHours: false, dayStart: now - 3_600)
        let broadcast = try #require(claimed.first { $0.kind == .broadcast })
        #expect(broadcast.recipientOptedOut)
        #expect(DispatchPolicy().hold(broadcast, at: now) == .cancelled(reason: "opted out"))
    }

    @Test(arguments: [
        ("to=384&text=x&id=1", "missing field 'from'"),
        ("from=%2B22376000001&to=384&text=x&id=", "field 'id' is empty"),
        ("from=12&to=384&text=x&id=1", "field 'from' is not an international phone number: '12'"),
        ("from=%2B22376000001&to=384&text=%FF&id=1", "the form body is malformed: '%FF' is not UTF-8"),
    ])
    func malformedSMSWebhooksAreRefusedWithTheirReason(_ body: String, _ reason: String) async throws {
        let database = try AppDatabase.inMemory()
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: "/sms/africastalking/\(secret)", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .badRequest && answer["reason"] as? String == reason)
            }
            try await client.execute(uri: "/sms/africastalking/wrong-secret", method: .post, headers: formHeaders, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage") == 0)
    }

    @Test func twilioWebhooksMustBeSignedForThePublicURL() async throws {
        let database = try AppDatabase.inMemory()
        let fields = [
            "AccountSid": "AC00000000000000000000000000000000", "Body": "I ni ce! Ɛ bɛ di?", "From": "+22370000001",
            "MessageSid": "SM00000000000000000000000000000001", "NumMedia": "0", "NumSegments": "1", "To": "+15005550006",
        ]
        let body = ByteBuffer(string: FormEncoding.encode(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        let signature = TwilioSignature(authToken: twilioToken).signature(url: "https://gw.example.ml/sms/twilio", parameters: fields.mapValues { [$0] })
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: "/sms/twilio", method: .post, headers: formHeaders, body: body) { response in
                #expect(response.status == .forbidden)
            }
            var wrong = formHeaders
            wrong[.init("X-Twilio-Signature")!] = "AtK9XwcdwM/u9Zh8+UDAOcUQw1I="
            try await client.execute(uri: "/sms/twilio", method: .post, headers: wrong, body: body) { response in
                #expect(response.status == .forbidden)
            }
            var signed = formHeaders
            signed[.init("X-Twilio-Signature")!] = signature
            try await client.execute(uri: "/sms/twilio", method: .post, headers: signed, body: body) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/xml; charset=utf-8")
                #expect(String(buffer: response.body) == #"<?xml version="1.0" encoding="UTF-8"?><Response/>"#)
            }
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage WHERE aggregator = 'twilio' AND text = 'I ni ce! Ɛ bɛ di?'") == 1)
    }

    @Test func aTwilioRequestWithARepeatedFieldIsCheckedOnEveryValueAndABodyHashOnTheBody() async throws {
        let database = try AppDatabase.inMemory()
        let pairs = [
            ("Body", "Q2 B"), ("From", "+22370000002"), ("MediaUrl0", "https://a.example/1"), ("MediaUrl0", "https://a.example/2"),
            ("MessageSid", "SM2"), ("To", "+15005550006"),
        ]
        let signer = TwilioSignature(authToken: twilioToken)
        let signature = signer.signature(url: "https://gw.example.ml/sms/twilio", parameters: Dictionary(grouping: pairs, by: \.0).mapValues { $0.map(\.1) })
        var signed = formHeaders
        signed[.init("X-Twilio-Signature")!] = signature
        // A body hash in the URL must be the hash of this body: a captured signature of an
        // empty body's hash cannot carry another body.
        let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        var forged = formHeaders
        forged[.init("X-Twilio-Signature")!] = signer.signature(url: "https://gw.example.ml/sms/twilio?bodySHA256=\(emptyHash)", parameters: [:])
        try await makeApplication(database: database).test(.router) { [signed, forged] client in
            try await client.execute(uri: "/sms/twilio", method: .post, headers: signed, body: ByteBuffer(string: FormEncoding.encode(pairs))) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/sms/twilio?bodySHA256=\(emptyHash)", method: .post, headers: forged,
                body: ByteBuffer(string: FormEncoding.encode([("Body", "STOP"), ("From", "+22370000003"), ("MessageSid", "SM3"), ("To", "1")]))
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage WHERE aggregator = 'twilio'") == 1)
    }

    @Test func aNationalSenderNumberTakesTheDefaultCountryAndANULIsRefused() async throws {
        let database = try AppDatabase.inMemory()
        let sms = "/sms/africastalking/\(secret)"
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: sms, method: .post, headers: formHeaders, body: ByteBuffer(string: "from=76123456&to=384&text=JOIN&id=n1")) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: sms, method: .post, headers: formHeaders, body: ByteBuffer(string: "from=76123456&to=384&text=Q%20x&id=n1%00x")) { response in
                let answer = try jsonObject(response)
                #expect(response.status == .badRequest && answer["reason"] as? String == "field 'id' contains a NUL character")
            }
        }
        try await answered(database)
        #expect(try await count(database, "SELECT COUNT(*) FROM subscriber WHERE phone = '+22376123456'") == 1)
        #expect(try await count(database, "SELECT COUNT(*) FROM inboundMessage") == 1)
    }

    @Test func kannelDeliversTextInItsCharsetWithTheSharedSecret() async throws {
        let database = try AppDatabase.inMemory()
        let query = "id=k-1&from=%2B22376000003&to=384&coding=2&charset=UTF-16BE&text=%00Q%00%20%01%90%00%20%00b%02%5B%00%3F"
        try await makeApplication(database: database).test(.router) { client in
            try await client.execute(uri: "/sms/kannel/\(kannelSecret)?\(query)", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/sms/kannel/not-the-secret?\(query)", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        try await answered(database)
        let question = try await database.reader.read { try CitizenQuestionRecord.fetchOne($0) }
        #expect(question?.text == "Ɛ bɛ?")
        #expect(question?.channel == "sms")
    }

    @Test func deliveryReportsCloseTheirMessagesAndUnknownOnesAreAcknowledged() async throws {
        let database = try AppDatabase.inMemory()
        let now = Date()
        let phone = PhoneNumber("+22376000004")!
        try await database.enqueue(
            ["africastalking", "kannel", "twilio"].map { OutgoingSMS(recipient: phone, text: "Info", route: $0, kind: .reply, expiresAt: now + 3_600) },
            at: now
        )
        for (route, id) in [("africastalking", "ATXid_9"), ("kannel", nil), ("twilio", "SM9")] {
            let claimed = try await database.claimDue(route: route, limit: 1, now: now, lease: 60, quietHours: false, dayStart: now)
            try await database.record([DispatchResult(claimed[0], .sent(aggregatorMessageId: id))], at: now)
        }
        let kannelID = try await database.reader.read { try Int64.fetchOne($0, sql: "SELECT id FROM outboundMessage WHERE route = 'kannel'")! }
        let twilioFields = ["MessageSid": "SM9", "MessageStatus": "undelivered", "ErrorCode": "30003"]
        let twilioSignature = TwilioSignature(authToken: twilioToken).signature(url: "https://gw.example.ml/dlr/twilio", parameters: twilioFields.mapValues { [$0] })
        try await makeApplication(database: database).test(.router) { client in
            let report: KeyValuePairs<String, String> = ["id": "ATXid_9", "status": "Success", "phoneNumber": "+22376000004"]
            try await client.execute(uri: "/dlr/africastalking/\(secret)", method: .post, headers: formHeaders, body: form(report)) { response in
                #expect(response.status == .ok)
            }
            let unknown: KeyValuePairs<String, String> = ["id": "ATXid_unknown", "status": "Success"]
            try await client.execute(uri: "/dlr/africastalking/\(secret)", method: .post, headers: formHeaders, body: form(unknown)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/dlr/kannel/\(kannelSecret)?id=\(kannelID)&type=16&reply=NACK%2F11", method: .get) { response in
                #expect(response.status == .ok)
            }
            var signed = formHeaders
            signed[.init("X-Twilio-Signature")!] = twilioSignature
            let body = ByteBuffer(string: FormEncoding.encode(twilioFields.map { ($0.key, $0.value) }))
            try await client.execute(uri: "/dlr/twilio", method: .post, headers: signed, body: body) { response in
                #expect(response.status == .ok)
            }
        }
        let rows = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT route, status, error FROM outboundMessage ORDER BY route").map {
                "\($0["route"] as String) \($0["status"] as String) \($0["error"] as String? ?? "")"
            }
        }
        #expect(rows == ["africastalking delivered ", "kannel failed rejected by the SMSC: NACK/11", "twilio failed undelivered (error 30003)"])
    }
}
