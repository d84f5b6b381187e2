import Footnote
import HTTPTypes
import FootnoteCore

/// Errors of the HTTP service, each with the status and stable code a client sees.
public enum ServiceError: Error, CustomStringConvertible, Sendable {
    /// A request parameter or body is invalid; `field` names it.
    case badRequest(field: String, reason: String)
    /// No or an unknown bearer token.
    case unauthorized(String)
    /// The caller is known but may not do this.
    case forbidden(String)
    /// A browser request from another origin (cross-site request forgery, or a page reading the API).
    case crossOrigin(String)
    /// The `Host` header names a server this is not (DNS rebinding, a wrong proxy setting).
    case misdirected(String)
    /// The thing asked for does not exist, or is not visible to the caller.
    case notFound(String)
    /// An uploaded file is not a supported document, or could not be parsed.
    case unprocessable(code: String, message: String)
    /// The request body is larger than the configured limit.
    case payloadTooLarge(limit: Int)
    /// The request did not finish within the configured time.
    case timedOut(seconds: Double)
    /// The configuration is unusable (raised at start-up, never per request).
    case configuration(String)
    /// A feature the server does not have (e.g. `ask` without a language model).
    case unavailable(String)

    /// The message a client sees in `error.message`.
    public var description: String {
        switch self {
        case let .badRequest(field, reason): return "Invalid '\(field)': \(reason)"
        case let .unauthorized(message), let .forbidden(message), let .notFound(message),
             let .configuration(message), let .unavailable(message), let .crossOrigin(message), let .misdirected(message):
            return message
        case let .unprocessable(_, message): return message
        case let .payloadTooLarge(limit): return "The request body is larger than the limit of \(limit) bytes"
        case let .timedOut(seconds): return "The request did not finish within \(Int(seconds)) s"
        }
    }

    /// The HTTP status for this error.
    public var status: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden, .crossOrigin: return .forbidden
        case .misdirected: return .misdirectedRequest
        case .notFound: return .notFound
        case .unprocessable: return .unprocessableContent
        case .payloadTooLarge: return .contentTooLarge
        case .timedOut: return .serviceUnavailable
        case .configuration: return .internalServerError
        case .unavailable: return .notImplemented
        }
    }

    /// The stable, machine-readable error code in `{"error": {"code": …}}`.
    public var code: String {
        switch self {
        case .badRequest: return "bad_request"
        case .unauthorized: return "unauthorized"
        case .forbidden: return "forbidden"
        case .crossOrigin: return "cross_origin"
        case .misdirected: return "misdirected_request"
        case .notFound: return "not_found"
        case let .unprocessable(code, _): return code
        case .payloadTooLarge: return "payload_too_large"
        case .timedOut: return "timeout"
        case .configuration: return "configuration"
        case .unavailable: return "unavailable"
        }
    }

    /// Translates an engine error into what a client should see (engines never know about HTTP).
    static func translating(_ error: any Error) -> ServiceError? {
        if let error = error as? ServiceError { return error }
        // Engines describe the caller's mistakes as request problems; everything else is internal.
        guard let problem = (error as? any RequestError)?.requestProblem else { return nil }
        switch problem {
        case let .invalid(field, reason): return .badRequest(field: field, reason: reason)
        case let .notFound(message): return .notFound(message)
        case let .unprocessable(code, message): return .unprocessable(code: code, message: message)
        }
    }
}
