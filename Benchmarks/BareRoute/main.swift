import Hummingbird

// The yardstick of `scripts/bench ussd`: Hummingbird answering the callback route with a
// constant, no parsing and no database, so the benchmark can say what share of the
// framework's rate Tama keeps while doing its real work.
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 18081
let router = Router()
router.post("ussd/africastalking/:secret") { _, _ in "CON Bienvenue\n1. Quiz\n2. S'abonner" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
