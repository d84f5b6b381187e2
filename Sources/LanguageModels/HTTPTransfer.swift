import Foundation
import FootnoteCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange over URLSession, with URLErrors mapped to `LanguageModelError`. Streaming uses a
/// delegate-based data task (swift-corelibs-foundation has no `URLSession.bytes(for:)`).
enum HTTPTransfer {
    /// Sends `request` and returns the status and the whole body.
    static func send(_ request: URLRequest, timeout: Double) async throws -> (Int, Data) {
        var collected = Data()
        let (status, errorBody) = try await stream(request, timeout: timeout, collectErrorBody: false) { collected.append($0) }
        return (status, status == 200 ? collected : errorBody.isEmpty ? collected : errorBody)
    }

    /// Sends `request`; on HTTP 2xx hands every received piece to `onData` as it arrives and returns
    /// the status with an empty body; otherwise returns the status and the error body.
    static func stream(
        _ request: URLRequest, timeout: Double, collectErrorBody: Bool = true, onData: @escaping (Data) throws -> Void
    ) async throws -> (Int, Data) {
        let delegate = StreamingDelegate(onData: onData)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = max(timeout * 10, 600)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        let url = request.url?.absoluteString ?? "?"
        let watchdog = IdleWatchdog(timeout: timeout) { [weak delegate] in delegate?.cancel() }  // weak: the delegate holds the watchdog
        delegate.watchdog = watchdog
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Int, Data), Error>) in
                delegate.completion = { result in
                    watchdog.stop()
                    switch result {
                    case let .success(value): continuation.resume(returning: value)
                    case let .failure(error):
                        let silent = watchdog.fired && (error as? URLError)?.code == .cancelled
                        continuation.resume(throwing: silent ? LanguageModelError.timedOut(url: url, seconds: timeout)
                                                             : map(error, url: url, timeout: timeout))
                    }
                }
                let task = session.dataTask(with: request)
                delegate.task = task
                task.resume()
                watchdog.start()
            }
        } onCancel: {
            delegate.cancel()
        }
    }

    static func map(_ error: Error, url: String, timeout: Double) -> Error {
        if error is LanguageModelError { return error }
        guard let urlError = error as? URLError else { return LanguageModelError.unreachable(url: url, reason: "\(error)") }
        switch urlError.code {
        case .timedOut: return LanguageModelError.timedOut(url: url, seconds: timeout)
        case .cancelled: return CancellationError()
        case .cannotConnectToHost: return LanguageModelError.unreachable(url: url, reason: "connection refused")
        case .cannotFindHost, .dnsLookupFailed: return LanguageModelError.unreachable(url: url, reason: "unknown host")
        case .networkConnectionLost: return LanguageModelError.unreachable(url: url, reason: "the connection was lost")
        default: return LanguageModelError.unreachable(url: url, reason: urlError.localizedDescription)
        }
    }
}

/// Receives a data task's response and bytes on the session's serial delegate queue.
final class StreamingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // `status`, `errorBody`, `failure` and `finished` are touched only on the session's serial delegate
    // queue; `task` and `completion` are set before the task resumes.
    var completion: ((Result<(Int, Data), Error>) -> Void)?
    var task: URLSessionDataTask?
    /// Told about every response and piece of data (set before the task resumes).
    var watchdog: IdleWatchdog?
    private let onData: (Data) throws -> Void
    private var status = 0
    private var errorBody = Data()
    private var failure: Error?
    private var finished = false

    init(onData: @escaping (Data) throws -> Void) {
        self.onData = onData
    }

    func cancel() { task?.cancel() }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        watchdog?.touch()
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        watchdog?.touch()
        guard failure == nil else { return }
        if status == 0 { status = (dataTask.response as? HTTPURLResponse)?.statusCode ?? 0 }
        guard (200..<300).contains(status) else {
            if errorBody.count < 4096 { errorBody.append(data) }
            return
        }
        do { try onData(data) } catch {
            failure = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard !finished else { return }
        finished = true
        if status == 0 { status = (task.response as? HTTPURLResponse)?.statusCode ?? 0 }
        if let failure {
            completion?(.failure(failure))
        } else if let error {
            completion?(.failure(error))
        } else {
            completion?(.success((status, errorBody)))
        }
        completion = nil
    }
}

/// Cancels a transfer that has been silent (no response, no data) for `timeout` seconds.
///
/// URLSession's own request timeout runs on FoundationNetworking's timer, which a loaded machine can
/// starve (the embeddings client met this; see `OpenAIEmbeddingsClient.send`). This countdown runs on
/// a GCD global queue, with one pending check per transfer at a time.
final class IdleWatchdog: @unchecked Sendable {
    // All mutable state is in `state`.
    private let state = LockedValue<(lastActivity: UInt64, fired: Bool, stopped: Bool)>((0, false, false))
    private let timeout: Double
    private let onFire: @Sendable () -> Void

    init(timeout: Double, onFire: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.onFire = onFire
    }

    /// Starts the countdown.
    func start() {
        touch()
        schedule(after: timeout)
    }

    /// Records activity: the countdown starts again from now.
    func touch() {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { $0.lastActivity = now }
    }

    /// Ends the countdown (the transfer completed).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Whether the countdown ran out (and `onFire` was called).
    var fired: Bool { state.withLock { $0.fired } }

    private func schedule(after seconds: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + max(seconds, 0.001)) { [self] in check() }
    }

    private func check() {
        let now = DispatchTime.now().uptimeNanoseconds
        let (fire, wait) = state.withLock { value -> (Bool, Double?) in
            guard !value.stopped, !value.fired else { return (false, nil) }
            let idle = now > value.lastActivity ? Double(now - value.lastActivity) / 1e9 : 0  // touched since `now` was read
            if idle >= timeout {
                value.fired = true
                return (true, nil)
            }
            return (false, timeout - idle)
        }
        if fire { onFire() } else if let wait { schedule(after: wait) }
    }
}
