import Foundation
import Hummingbird
import TamaCore
import TamaStore

/// `DELETE /api/v1/subscribers/{phone}`: erases a person on their request (admins only).
/// A number Tama never knew is still kept out of future contact lists (`found: false`).
struct SubscriberRoutes {
    typealias Context = SignedInContext
    let database: AppDatabase
    let defaultCountry: String
    let now: @Sendable () -> Date

    func register(on group: RouterGroup<Context>) {
        group.group().add(middleware: RequirePermission(.eraseSubscribers)).delete("subscribers/:phone", use: erase)
    }

    @Sendable func erase(_ request: Request, context: Context) async throws -> AppDatabase.Erasure {
        let text = context.parameters.get("phone") ?? ""
        guard let phone = PhoneNumber(text, defaultCountry: defaultCountry) else {
            throw APIError.badRequest("'\(text.prefix(32))' is not a phone number")
        }
        return try await database.erase(phone, actor: context.token.actor, role: context.token.role, at: now())
    }
}

extension AppDatabase.Erasure: ResponseEncodable {}
