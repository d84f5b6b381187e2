import Foundation

extension OpenAIEmbeddingsClient {
    /// `connect(_:dimension:)` for synchronous callers such as the CLI: blocks the calling thread until
    /// the probe is answered. Never call it from async code (it would hold a cooperative thread).
    public static func connectBlocking(_ configuration: OpenAIEmbeddingsConfiguration, dimension: Int? = nil) throws
        -> OpenAIEmbeddingsClient {
        let outcome = RemoteBlockingOutcome()
        let semaphore = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                outcome.set(.success(try await connect(configuration, dimension: dimension)))
            } catch {
                outcome.set(.failure(error))
            }
            semaphore.signal()
        }
        semaphore.wait()
        return try outcome.get()
    }
}

/// The result a detached task hands to the thread waiting for it.
final class RemoteBlockingOutcome: @unchecked Sendable {
    // Sendable: written once by the task before it signals, read after the signal; `lock` orders both.
    private let lock = NSLock()
    private var result: Result<OpenAIEmbeddingsClient, Error>?

    func set(_ value: Result<OpenAIEmbeddingsClient, Error>) { lock.withLock { result = value } }

    func get() throws -> OpenAIEmbeddingsClient {
        guard let result = lock.withLock({ result }) else {
            throw EmbeddingsError.invalidRequest(reason: "the connection to the embeddings server ended without a result")
        }
        return try result.get()
    }
}
