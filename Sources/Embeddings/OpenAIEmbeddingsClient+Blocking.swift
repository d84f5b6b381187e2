import Foundation
import FootnoteCore

extension OpenAIEmbeddingsClient {
    /// `connect(_:dimension:)` for synchronous callers such as the CLI: blocks the calling thread until the
    /// probe is answered (through `BlockingBridge`, so it is safe from any thread).
    public static func connectBlocking(_ configuration: OpenAIEmbeddingsConfiguration, dimension: Int? = nil) throws
        -> OpenAIEmbeddingsClient {
        try BlockingBridge.run { try await connect(configuration, dimension: dimension) }
    }
}
