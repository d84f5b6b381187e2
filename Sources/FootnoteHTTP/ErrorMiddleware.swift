import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into `{"error": {"code", "message", "requestId"}}` with the right status, and
/// tags every response with `X-Request-ID`. Unexpected errors are logged and reported as 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = FootnoteRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = context.requestID
            return response
        } catch {
            let (status, code, message) = Self.describe(error)
            if status.code >= 500 {
                context.logger.error("Request failed", metadata: ["error": "\(error)", "http.status": "\(status.code)"])
            } else {
                context.logger.info("Request refused", metadata: ["error.code": .string(code), "http.status": "\(status.code)"])
            }
            var response = try JSONResponse.make(
                ErrorResponse(error: .init(code: code, message: message, requestId: context.requestID)), status: status)
            response.headers[.requestID] = context.requestID
            if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"footnote\"" }
            return response
        }
    }

    /// Status, code and client-facing message for any error.
    static func describe(_ error: any Error) -> (HTTPResponse.Status, String, String) {
        if let known = ServiceError.translating(error) { return (known.status, known.code, known.description) }
        if let http = error as? HTTPError {
            return (http.status, code(for: http.status), http.body ?? http.status.reasonPhrase)
        }
        if let response = error as? any HTTPResponseError {
            return (response.status, code(for: response.status), response.status.reasonPhrase)
        }
        if error is DecodingError {
            return (.badRequest, "bad_request", "The request body is not the expected JSON: \(error)")
        }
        return (.internalServerError, "internal", "Internal error (see the server log for this request id)")
    }

    /// Codes for statuses Hummingbird itself produces (unknown route, body over the limit, …).
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: return "not_found"
        case .contentTooLarge: return "payload_too_large"
        case .methodNotAllowed: return "method_not_allowed"
        case .badRequest: return "bad_request"
        default: return "http_\(status.code)"
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-ID`.
    static let requestID = HTTPField.Name("X-Request-ID")!
}
