import CCurl
import Foundation
import FootnoteCore

/// One HTTP request: what the language-model and embeddings clients send.
public struct HTTPRequest: Sendable {
    public var url: URL
    public var method: String
    /// Header fields, sent in this order.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// PEM file of the certificate authorities trusted for HTTPS (nil: the system's), e.g. a company's
    /// own CA in front of an internal model server.
    public var caBundle: String?

    /// `caBundle` defaults to `FOOTNOTE_CA_BUNDLE`, else `CURL_CA_BUNDLE`, else `SSL_CERT_FILE`, when set.
    public init(url: URL, method: String = "POST", headers: [(name: String, value: String)] = [], body: Data? = nil,
                caBundle: String? = HTTPRequest.environmentCABundle) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.caBundle = caBundle
    }

    /// The CA bundle named by the environment, if any.
    public static var environmentCABundle: String? {
        let environment = ProcessInfo.processInfo.environment
        return ["FOOTNOTE_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }
}

/// The status and header fields of a response (names lowercased; the last value of a repeated field).
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]

    public init(status: Int, headers: [String: String] = [:]) {
        self.status = status
        self.headers = headers
    }

    /// "HTTP 429 Too Many Requests": the status with its standard reason phrase, when it has a common one.
    public var statusLine: String {
        let phrases = [
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout",
            413: "Content Too Large", 422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error",
            501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        return "HTTP \(status)" + (phrases[status].map { " " + $0 } ?? "")
    }
}

/// HTTP/1.1 and HTTPS exchanges through libcurl's blocking API, each on its own thread.
///
/// FoundationNetworking's URLSession on this toolchain keeps a core busy (dispatch sources re-armed in
/// a loop) for as long as a request waits for its answer: measured 3.5 s of system CPU per 5 s of
/// waiting, stolen from the local model server the request is waiting for. libcurl's own loop sleeps
/// in poll(2) until the socket is ready.
public enum HTTPClient {
    /// Sends `request` and hands every piece of the response body to `onData` as it arrives, with the
    /// response head. Gives up with `.timedOut` when the server stays silent (no connection, header or
    /// body byte) for `idleTimeout` seconds, or when the whole exchange exceeds `totalTimeout`.
    /// Task cancellation aborts the transfer within about a second (`CancellationError`); an error
    /// thrown by `onData` aborts it and is rethrown.
    public static func perform(
        _ request: HTTPRequest, idleTimeout: Double, totalTimeout: Double? = nil,
        onData: @escaping @Sendable (HTTPResponseHead, Data) throws -> Void
    ) async throws -> HTTPResponseHead {
        let transfer = CurlTransfer(request: request, idleTimeout: idleTimeout, totalTimeout: totalTimeout, onData: onData)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponseHead, Error>) in
                let thread = Thread { continuation.resume(with: transfer.run()) }
                thread.name = "footnote-http"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    /// Sends `request` and returns the head and the whole body.
    public static func send(_ request: HTTPRequest, idleTimeout: Double, totalTimeout: Double? = nil) async throws -> (HTTPResponseHead, Data) {
        let body = LockedValue(Data())
        let head = try await perform(request, idleTimeout: idleTimeout, totalTimeout: totalTimeout) { _, piece in
            body.withLock { $0.append(piece) }
        }
        return (head, body.withLock { $0 })
    }

    /// libcurl's process-wide setup, done once before the first transfer.
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
