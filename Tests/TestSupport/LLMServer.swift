import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real local model server that `make llm` (scripts/llm-start.sh) starts, for end-to-end tests.
public enum LLMServer {
    /// `FOOTNOTE_LLM_URL`, else `http://127.0.0.1:18091/v1`.
    public static var baseURL: String {
        let value = ProcessInfo.processInfo.environment["FOOTNOTE_LLM_URL"] ?? ""
        return value.isEmpty ? "http://127.0.0.1:18091/v1" : value
    }

    /// `FOOTNOTE_LLM_MODEL`, else the alias llm-start.sh serves.
    public static var model: String {
        let value = ProcessInfo.processInfo.environment["FOOTNOTE_LLM_MODEL"] ?? ""
        return value.isEmpty ? "qwen-0.5b" : value
    }

    /// Whether `GET <base>/models` answers 200 within two seconds (checked once per process).
    public static let isAvailable: Bool = {
        guard let url = URL(string: baseURL.hasSuffix("/") ? baseURL + "models" : baseURL + "/models") else { return false }
        let semaphore = DispatchSemaphore(value: 0)
        let box = LLMAvailability()
        var request = URLRequest(url: url, timeoutInterval: 2)
        request.httpMethod = "GET"
        let task = URLSession.shared.dataTask(with: request) { _, response, _ in
            box.set((response as? HTTPURLResponse)?.statusCode == 200)
            semaphore.signal()
        }
        task.resume()
        _ = semaphore.wait(timeout: .now() + 3)
        return box.get()
    }()

    /// Whether end-to-end model tests should run: the server answers, or CI demands it (and they then fail when it is absent).
    public static var shouldRun: Bool { isAvailable || ModelLocation.isCI }

    /// Shown when the tests are skipped.
    public static var skipReason: String {
        "no language-model server at \(baseURL): run `make llm` (scripts/llm-start.sh) or set FOOTNOTE_LLM_URL; "
            + "skipped outside CI (with CI set these tests run and fail)"
    }
}

/// A Bool handed from URLSession's callback queue to the waiting thread.
final class LLMAvailability: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var value = false
    func set(_ newValue: Bool) { lock.withLock { value = newValue } }
    func get() -> Bool { lock.withLock { value } }
}
