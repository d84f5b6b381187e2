import HTTPTypes
import Hummingbird

/// Identifies the caller from `Authorization: Bearer <token>` and sets the JSON body limit.
/// With no tokens configured (loopback only) every caller is the owner.
struct CallerMiddleware: RouterMiddleware {
    typealias Context = FootnoteRequestContext
    let tokens: TokenRegistry
    let maxJSONBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxJSONBytes
        if tokens.isEmpty {
            context.principal = .owner
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw ServiceError.unauthorized("This server requires a bearer token: send 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let principal = tokens.principal(forToken: parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ServiceError.unauthorized("The bearer token is not valid")
        }
        context.principal = principal
        context.logger[metadataKey: "footnote.principal"] = .string(principal.name)
        return try await next(request, context)
    }
}
