import CCurl
import Foundation
import FootnoteCore

/// One libcurl easy transfer. `run()` blocks its thread; `cancel()` may be called from any thread.
final class CurlTransfer: @unchecked Sendable {
    // Set once in init, read by the transfer thread only.
    private let request: HTTPRequest
    private let idleTimeout: Double
    private let totalTimeout: Double?
    private let onData: @Sendable (HTTPResponseHead, Data) throws -> Void
    // Touched only on the transfer thread, inside libcurl's callbacks.
    private var headers: [String: String] = [:]
    private var dataFailure: Error?
    private var lastActivity = DispatchTime.now().uptimeNanoseconds
    private var idleExpired = false
    /// Set by `cancel()` from any thread; read by the progress callback.
    private let cancelled = LockedValue(false)

    init(request: HTTPRequest, idleTimeout: Double, totalTimeout: Double?, onData: @escaping @Sendable (HTTPResponseHead, Data) throws -> Void) {
        self.request = request
        self.idleTimeout = max(idleTimeout, 0.001)
        self.totalTimeout = totalTimeout
        self.onData = onData
    }

    func cancel() {
        cancelled.withLock { $0 = true }
    }

    private var url: String { request.url.absoluteString }

    /// Performs the transfer on the calling thread.
    func run() -> Result<HTTPResponseHead, Error> {
        guard HTTPClient.initialized, let handle = curl_easy_init() else {
            return .failure(HTTPTransportError.invalidRequest(url: url, reason: "libcurl could not be initialised"))
        }
        defer { curl_easy_cleanup(handle) }
        var fields: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(fields) }
        // "Expect:" stops libcurl from waiting for a 100 Continue that many servers never send.
        for header in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            fields = curl_slist_append(fields, header)
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        var codes = [
            fn_curl_set_string(handle, CURLOPT_URL, url),
            fn_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method),
            fn_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(fields)),
            fn_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
            fn_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(idleTimeout)),
            fn_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(totalTimeout ?? 0)),
            fn_curl_set_long(handle, CURLOPT_NOPROGRESS, 0),
            fn_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWrite),
            fn_curl_set_pointer(handle, CURLOPT_WRITEDATA, context),
            fn_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader),
            fn_curl_set_pointer(handle, CURLOPT_HEADERDATA, context),
            fn_curl_set_progress_callback(handle, curlProgress),
            fn_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context),
        ]
        if let caBundle = request.caBundle {
            codes.append(fn_curl_set_string(handle, CURLOPT_CAINFO, caBundle))
        }
        if let body = request.body {
            var bytes = [CChar](repeating: 0, count: body.count + 1)  // never empty: libcurl needs a pointer
            bytes.withUnsafeMutableBytes { destination in body.withUnsafeBytes { destination.copyMemory(from: $0) } }
            codes.append(fn_curl_set_body(handle, bytes, body.count))
        }
        if let failed = codes.first(where: { $0 != CURLE_OK }) {
            return .failure(HTTPTransportError.invalidRequest(url: url, reason: String(cString: curl_easy_strerror(failed))))
        }
        let code = curl_easy_perform(handle)
        let head = HTTPResponseHead(status: fn_curl_response_code(handle), headers: headers)
        if code == CURLE_OK { return .success(head) }
        if let dataFailure { return .failure(dataFailure) }
        if cancelled.withLock({ $0 }) { return .failure(CancellationError()) }
        if idleExpired { return .failure(HTTPTransportError.timedOut(url: url, seconds: idleTimeout)) }
        return .failure(Self.error(code, url: url, idleTimeout: idleTimeout, totalTimeout: totalTimeout))
    }

    /// Whole milliseconds for libcurl, capped at a year (an infinite timeout must not trap the conversion).
    static func milliseconds(_ seconds: Double) -> Int {
        seconds.isFinite ? Int(min(max(seconds, 0), 365 * 86_400) * 1000) : 365 * 86_400 * 1000
    }

    /// The error for a libcurl failure code.
    static func error(_ code: CURLcode, url: String, idleTimeout: Double, totalTimeout: Double?) -> HTTPTransportError {
        let reason = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url, seconds: totalTimeout.map { min($0, idleTimeout) } ?? idleTimeout)
        case CURLE_COULDNT_CONNECT: return .unreachable(url: url, reason: "connection refused")
        case CURLE_COULDNT_RESOLVE_HOST: return .unreachable(url: url, reason: "unknown host")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            return .unreachable(url: url, reason: "\(reason): the server's TLS certificate is not trusted "
                + "(FOOTNOTE_CA_BUNDLE can name a PEM file of the certificate authorities to trust)")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidRequest(url: url, reason: reason)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .unreachable(url: url, reason: "the connection was lost (\(reason))")
        default: return .unreachable(url: url, reason: reason)
        }
    }

    // MARK: libcurl callbacks (on the transfer thread)

    fileprivate func received(_ data: Data) -> Bool {
        lastActivity = DispatchTime.now().uptimeNanoseconds
        do {
            try onData(HTTPResponseHead(status: status, headers: headers), data)
            return true
        } catch {
            dataFailure = error
            return false
        }
    }

    /// The status of the latest response line (the final one once the body arrives).
    private var status = 0

    fileprivate func header(_ line: String) {
        lastActivity = DispatchTime.now().uptimeNanoseconds
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            // A new status line (after a 1xx, or a redirect): its fields replace the earlier ones.
            headers = [:]
            status = trimmed.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = trimmed[..<colon].lowercased()
            headers[name] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Called by libcurl at least about once a second: false aborts the transfer.
    fileprivate func shouldContinue() -> Bool {
        if cancelled.withLock({ $0 }) { return false }
        let idle = Double(DispatchTime.now().uptimeNanoseconds &- lastActivity) / 1e9
        if idle >= idleTimeout {
            idleExpired = true
            return false
        }
        return true
    }
}

private func transfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer? {
    context.map { Unmanaged<CurlTransfer>.fromOpaque($0).takeUnretainedValue() }
}

private let curlWrite: fn_curl_data_callback = { data, size, count, context in
    guard let transfer = transfer(context), let data else { return 0 }
    let length = size * count
    return transfer.received(Data(bytes: data, count: length)) ? length : 0
}

private let curlHeader: fn_curl_data_callback = { data, size, count, context in
    guard let transfer = transfer(context), let data else { return 0 }
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    transfer.header(line)
    return length
}

private let curlProgress: fn_curl_progress_callback = { context, _, _, _, _ in
    guard let transfer = transfer(context) else { return 1 }
    return transfer.shouldContinue() ? 0 : 1
}
