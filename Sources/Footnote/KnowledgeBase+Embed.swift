import Embeddings
import Foundation
import FootnoteCore
import KnowledgeStore

/// Progress of an embedding pass.
public struct EmbedReport: Sendable, Hashable, Codable {
    /// Chunks that got a vector by computing it.
    public var embedded = 0
    /// Chunks that got a vector already stored for the same text (never embedded twice).
    public var reused = 0
    public var seconds: Double = 0
    public var model: String?
    /// The native encoder's linear-layer arithmetic ("float32" or "bfloat16"); nil for a remote embedder.
    public var precision: String?

    public init() {}
}

extension KnowledgeBase {
    /// The text embedded for a chunk: document title, heading path and the passage, so that a
    /// passage keeps the context a reader sees (BEIR's "title text" for a one-chunk document).
    static func embeddingInput(title: String?, headingPath: [String], text: String) -> String {
        var parts: [String] = []
        if let title, !title.isEmpty { parts.append(title) }
        parts += headingPath.filter { $0 != title }
        parts.append(text)
        return parts.joined(separator: " ")
    }

    /// Embeds every chunk that has no vector yet, in batches, each stored in one transaction.
    /// Chunks whose embedding input was embedded before reuse the stored vector.
    public func embedPending(batchSize: Int = 64, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> EmbedReport {
        guard let embedder else {
            throw FootnoteError.modelUnavailable(
                "No embedding model is configured: fetch it with `make model` (scripts/fetch-model.sh) or pass --model-dir / set FOOTNOTE_MODEL_DIR")
        }
        try store.claimEmbedder(embedder.identity)
        let started = Date()
        var report = EmbedReport()
        report.model = embedder.identity.name
        report.precision = embedder.arithmetic
        let total = try store.pendingChunkCount()
        while true {
            let pending = try store.pendingChunks(limit: batchSize)
            if pending.isEmpty { break }
            let inputs = pending.map { Self.embeddingInput(title: $0.title, headingPath: $0.headingPath, text: $0.text) }
            let hashes = inputs.map { SHA256.hex($0) }
            let stored = try store.storedVectorHashes(among: hashes)
            var toEmbed: [(hash: String, input: String)] = []
            var seen = Set<String>()
            for (hash, input) in zip(hashes, inputs) where !stored.contains(hash) && seen.insert(hash).inserted {
                toEmbed.append((hash, input))
            }
            let vectors = try embedBlocking(toEmbed.map(\.input), role: .document)
            try store.storeVectors(Array(zip(toEmbed.map(\.hash), vectors)).map { ($0.0, $0.1) },
                                   links: zip(pending.map(\.chunkID), hashes).map { ($0.0, $0.1) })
            report.embedded += toEmbed.count
            report.reused += pending.count - toEmbed.count
            progress?(report.embedded + report.reused, total)
        }
        try store.collectUnusedVectors()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Drops all vectors and embeds everything again with the current embedder (a model switch).
    public func reembed(progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> EmbedReport {
        guard embedder != nil else { return try embedPending() }
        try store.dropVectors()
        return try embedPending(progress: progress)
    }

    /// Embeds texts, blocking the calling thread (the native encoder works on its own threads; a remote
    /// embedder's requests run through `BlockingBridge`, off the cooperative pool).
    package func embedBlocking(_ texts: [String], role: EmbeddingRole) throws -> [[Float]] {
        guard !texts.isEmpty, let embedder else { return [] }
        if let vectors = try embedder.embedImmediately(texts, role: role) { return vectors }
        return try BlockingBridge.run { try await embedder.embed(texts, role: role) }
    }
}
