import Foundation

/// Why an HTTP exchange failed before a complete response arrived.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made (refused, unknown host, lost, TLS failure, …).
    case unreachable(url: String, reason: String)
    /// The server was silent (no connection, header or data) for `seconds`, or the whole exchange
    /// outlasted its total limit.
    case timedOut(url: String, seconds: Double)
    /// The request could not be set up (bad URL, libcurl refused an option).
    case invalidRequest(url: String, reason: String)

    public var description: String {
        switch self {
        case let .unreachable(url, reason): return "cannot reach \(url): \(reason)"
        case let .timedOut(url, seconds): return "\(url) did not answer within \(Self.format(seconds)) s"
        case let .invalidRequest(url, reason): return "cannot send a request to \(url): \(reason)"
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
