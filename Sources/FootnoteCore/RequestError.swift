/// What a front end should tell the caller about an error its request caused (a bad query, a missing
/// document, a model the index was not built with). Engines say it in these terms without knowing about
/// HTTP or MCP; errors that are not the caller's (I/O, SQLite) do not conform and are internal errors.
public enum RequestProblem: Sendable, Hashable {
    /// The request's `field` cannot be used.
    case invalid(field: String, reason: String)
    /// What the request names does not exist (or is not visible to the caller).
    case notFound(String)
    /// Well-formed, but this index cannot serve it; `code` is stable and machine-readable.
    case unprocessable(code: String, message: String)
}

public protocol RequestError: Error {
    /// nil when this particular error is not the caller's doing.
    var requestProblem: RequestProblem? { get }
}
