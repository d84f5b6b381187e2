import DocumentParsing
import Embeddings
import Foundation
import FootnoteCore
import KnowledgeStore
import FootnotePostgres
import SearchIndex

/// The one place that wires the engines together: ingest, embed, search, cite and evaluate over one index.
public final class KnowledgeBase: Sendable {
    public let configuration: FootnoteConfiguration
    /// Where documents, chunks and vectors live (the SQLite index file, or a PostgreSQL database); reached only through the facade.
    package let store: any KnowledgeStore
    /// Computes sentence embeddings; nil when no model is configured (search is then lexical).
    public let embedder: (any TextEmbedder)?
    let parser: DocumentParser
    package let chunker: Chunker

    /// Opens (creating if needed) the index named by `configuration`. `tokenCounter` budgets chunks:
    /// by default the embedder's own tokenizer when it has one (the native encoder's WordPiece), else a close estimate.
    public init(
        configuration: FootnoteConfiguration, embedder: (any TextEmbedder)? = nil, tokenCounter: (any TokenCounter)? = nil
    ) throws {
        self.configuration = configuration
        self.embedder = embedder
        try Self.requireIndexIfNeeded(configuration)
        store = try Self.openStore(configuration)
        parser = DocumentParser(limits: ParsingLimits(
            maxFileBytes: configuration.maxFileBytes, maxDecompressedBytes: configuration.maxDecompressedBytes))
        let counter = tokenCounter ?? embedder?.tokenCounter ?? HeuristicTokenCounter()
        chunker = Chunker(
            maxTokens: configuration.chunkTokens, overlapTokens: configuration.chunkOverlapTokens, counter: counter)
    }

    /// Another handle on this knowledge base for a concurrent reader (the HTTP service keeps a few): a new
    /// connection to the SQLite file, whose connection serialises its callers; on PostgreSQL this very store,
    /// whose pool of connections already serves concurrent callers (a store per reader would open a pool and
    /// run the migration check for each).
    public func concurrentReader() throws -> KnowledgeBase {
        guard configuration.storeURL != nil else { return try KnowledgeBase(configuration: configuration, embedder: embedder) }
        return KnowledgeBase(sharingStoreOf: self)
    }

    private init(sharingStoreOf other: KnowledgeBase) {
        configuration = other.configuration
        embedder = other.embedder
        store = other.store
        parser = other.parser
        chunker = other.chunker
    }

    /// Opens the index with the embedder `configuration.embedder` names: none, the native encoder loaded
    /// from its folder, or a remote server (probed once for its dimension, the calling thread waiting through
    /// `BlockingBridge`, which is safe from any thread).
    public static func open(_ configuration: FootnoteConfiguration) throws -> KnowledgeBase {
        try requireIndexIfNeeded(configuration)  // before the model loads or the server is probed
        switch configuration.embedder {
        case .none:
            return try KnowledgeBase(configuration: configuration)
        case .native(let directory):
            return try KnowledgeBase(configuration: configuration, embedder: try nativeEncoder(directory, configuration))
        case .remote(let remote):
            let client: OpenAIEmbeddingsClient
            do {
                client = try OpenAIEmbeddingsClient.connectBlocking(remote)
            } catch {
                throw FootnoteError.modelUnavailable("Cannot use the embeddings server '\(remote.url.absoluteString)' (model \(remote.model)): \(error)")
            }
            return try KnowledgeBase(configuration: configuration, embedder: client)
        }
    }

    /// The store `configuration` names: the PostgreSQL database of `storeURL` (searches on `readStoreURL`
    /// when set), else the SQLite file.
    static func openStore(_ configuration: FootnoteConfiguration) throws -> any KnowledgeStore {
        guard let url = configuration.storeURL else { return try SearchIndex(path: configuration.indexPath) }
        if let read = configuration.readStoreURL {
            // The replica is read in the store's schema; a read URL naming another would search another knowledge base.
            let storeSchema = configuration.storeSchema ?? PostgresURL.splittingSchema(url).schema
            if let readSchema = PostgresURL.splittingSchema(read).schema, readSchema != storeSchema {
                throw FootnoteError.unsupported(
                    operation: "read searches from '\(PostgresURL.redacted(read))'",
                    reason: "it names schema '\(readSchema)' but the store uses \(storeSchema.map { "'\($0)'" } ?? "the default schema"); leave schema= out of the read store's URL")
            }
        }
        return try PostgresStore(url: url, schema: configuration.storeSchema, readURL: configuration.readStoreURL)
    }

    /// A configuration that must not create the index (`createsIndex == false`) fails when the file is missing
    /// (a PostgreSQL store is a server's: it is created by migrations when first opened).
    static func requireIndexIfNeeded(_ configuration: FootnoteConfiguration) throws {
        if configuration.storeURL == nil, !configuration.createsIndex, !FileManager.default.fileExists(atPath: configuration.indexPath) {
            throw FootnoteError.indexNotFound(path: configuration.indexPath, command: "open the index")
        }
    }

    private static func nativeEncoder(_ directory: URL, _ configuration: FootnoteConfiguration) throws -> BERTEncoder {
        do {
            _ = try configuration.encoderPrecision.resolved()
        } catch {
            throw FootnoteError.modelUnavailable("\(error)")  // the CPU lacks what the asked precision needs: no download helps
        }
        do {
            return try BERTEncoder(modelDirectory: directory, options: BERTEncoderOptions(
                workers: configuration.embeddingWorkers, precision: configuration.encoderPrecision))
        } catch {
            throw FootnoteError.modelUnavailable(
                "Cannot load the embedding model from '\(directory.path)': \(error) "
                    + "(fetch it with `make model` or scripts/fetch-model.sh, or point --model-dir / FOOTNOTE_MODEL_DIR at a model folder)")
        }
    }
}

extension KnowledgeBase {
    /// Writes a consistent copy of the index file to `path` (benchmarks build one base index and copy it).
    package func copyIndexFile(to path: String) throws {
        guard let index = store as? SearchIndex else {
            throw FootnoteError.unsupported(operation: "copy the index to '\(path)'", reason: "the store at \(store.location) is not an SQLite file")
        }
        try index.copy(to: path)
    }
}
