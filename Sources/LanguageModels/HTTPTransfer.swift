import Foundation
import FootnoteCore
import HTTPTransport

/// One HTTP exchange through `HTTPClient` (libcurl), with transport errors mapped to `LanguageModelError`.
enum HTTPTransfer {
    /// Sends `request` and returns the status and the whole body.
    static func send(_ request: HTTPRequest, timeout: Double) async throws -> (Int, Data) {
        do {
            let (head, body) = try await HTTPClient.send(request, idleTimeout: timeout)
            return (head.status, body)
        } catch {
            throw map(error)
        }
    }

    /// Sends `request`; on HTTP 2xx hands every received piece to `onData` as it arrives and returns
    /// the status with an empty body; otherwise returns the status and (the start of) the error body.
    static func stream(_ request: HTTPRequest, timeout: Double, onData: @escaping @Sendable (Data) throws -> Void) async throws -> (Int, Data) {
        let errorBody = LockedValue(Data())
        do {
            let head = try await HTTPClient.perform(request, idleTimeout: timeout) { head, piece in
                if (200..<300).contains(head.status) {
                    try onData(piece)
                } else {
                    errorBody.withLock { if $0.count < 4096 { $0.append(piece) } }
                }
            }
            return (head.status, errorBody.withLock { $0 })
        } catch {
            throw map(error)
        }
    }

    static func map(_ error: Error) -> Error {
        guard let transport = error as? HTTPTransportError else { return error }  // LanguageModelError, CancellationError
        switch transport {
        case let .unreachable(url, reason): return LanguageModelError.unreachable(url: url, reason: reason)
        case let .timedOut(url, seconds): return LanguageModelError.timedOut(url: url, seconds: seconds)
        case let .invalidRequest(url, reason): return LanguageModelError.invalidConfiguration("\(url): \(reason)")
        }
    }
}
