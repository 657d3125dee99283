import Hummingbird
import TamaCore

/// A route group's rule: its caller's role must allow `permission`. Written once per
/// group, so no handler forgets it.
struct RequirePermission: RouterMiddleware {
    typealias Context = SignedInContext
    let permission: Permission

    init(_ permission: Permission) {
        self.permission = permission
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.token.role.allows(permission) else { throw AccessDenied(role: context.token.role, permission: permission) }
        return try await next(request, context)
    }
}

/// A role asked for what it may not do: JSON for the API, a French page in the console.
struct AccessDenied: Error {
    var role: Role
    var permission: Permission
}
