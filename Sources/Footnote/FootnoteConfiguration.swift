import Embeddings
import FootnotePostgres
import Foundation
import KnowledgeStore
import FootnoteCore

/// Everything a `KnowledgeBase` needs to know, resolved by the executable
/// (flags > `FOOTNOTE_*` environment > defaults) and passed down as a value.
public struct FootnoteConfiguration: Sendable {
    /// Path of the SQLite index file (the store unless `storeURL` names another).
    public var indexPath: String
    /// A PostgreSQL database holding the knowledge base instead of the SQLite file
    /// (`postgres://user@host:port/db`, TLS when the URL asks for it with `sslmode=`); nil: the file.
    public var storeURL: String?
    /// The schema of `storeURL` the knowledge base lives in (nil: the connection's search path, usually
    /// `public`); evaluations keep one schema per collection, as they keep one SQLite file per collection.
    public var storeSchema: String?
    /// A streaming replica of `storeURL`'s database that serves searches (`--read-store`); nil: the primary
    /// serves them. Everything else (ingest, cite, listings, settings) reads the primary, so a writer reads
    /// its own writes; a search may lag the primary by the replica's replay delay, and falls back to the
    /// primary when the replica fails. The schema is `storeSchema` (or `storeURL`'s `schema=`).
    public var readStoreURL: String?
    /// The store for messages: the index file, or the database URL without its password (and the schema).
    public var storeDescription: String {
        guard let storeURL else { return indexPath }
        return PostgresURL.redacted(storeURL) + (storeSchema.map { " (schema \($0))" } ?? "")
    }
    /// Chunk budget in model tokens, and the overlap between consecutive chunks.
    public var chunkTokens: Int
    public var chunkOverlapTokens: Int
    /// Files larger than this are reported and skipped.
    public var maxFileBytes: Int
    /// Estimated bytes that parsing may hold at once: the files parsed in parallel plus the parsed results
    /// waiting for the writer (see `ParseScheduler`: a file costs its size times a per-format factor, 4 for
    /// text up to 16 for DOCX/ODT/EPUB). A file estimated over the budget is parsed alone. nil: 8 × `maxFileBytes`.
    public var parseMemoryBudget: Int?
    /// Cap on bytes decompressed from one archive (DOCX, ODT, EPUB): protects against zip bombs.
    public var maxDecompressedBytes: Int
    /// Follow symbolic links that leave the folder being added (links inside it are always followed).
    public var followExternalSymlinks: Bool
    /// Glob patterns (gitignore syntax) of files and folders to leave out, on top of `.footnoteignore` files.
    public var excludes: [String]
    /// What computes embeddings: nothing (lexical only), the native encoder, or a remote server.
    public var embedder: EmbedderChoice = .none
    /// The native model's folder when `embedder` is `.native`; setting it chooses the native encoder
    /// (nil: no embedder).
    public var modelDirectory: URL? {
        get {
            if case .native(let directory) = embedder { return directory }
            return nil
        }
        set { embedder = newValue.map { .native(directory: $0) } ?? .none }
    }
    /// Whether an embedder (native or remote) is configured.
    public var embeds: Bool { embedder != .none }
    /// Threads that compute embeddings (each with one BLAS thread).
    public var embeddingWorkers: Int = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
    /// Linear-layer arithmetic of the native encoder (auto: bfloat16 where the CPU has AVX512_BF16).
    public var encoderPrecision: EncoderPrecision = .automatic
    /// Embed new chunks while ingesting (`add --no-embed` defers it to `footnote embed`).
    public var embedWhileIngesting = true
    /// Hybrid fusion and candidate depth (see `HybridFusion`).
    public var fusion: HybridFusion = .default
    /// BM25 weights of the full-text columns (title, heading path, body, CJK bigrams).
    public var fieldWeights: FieldWeights = .default
    /// Vector precision held in memory for search.
    public var vectorPrecision: VectorPrecision = .float32
    /// Groups given to every document this run ingests, on top of `.footnoteaccess` files (`add --group`).
    public var accessGroups: [String] = []

    /// Create the index file when it does not exist (commands that only read set it to false, so that a
    /// mistyped path is an error instead of a new empty index).
    public var createsIndex = true

    /// The default index location, relative to the working directory.
    public static let defaultIndexPath = "indexes/default.sqlite"

    public init(
        indexPath: String = FootnoteConfiguration.defaultIndexPath,
        chunkTokens: Int = 256,
        chunkOverlapTokens: Int = 32,
        maxFileBytes: Int = 50 * 1024 * 1024,
        maxDecompressedBytes: Int = 200 * 1024 * 1024,
        followExternalSymlinks: Bool = false,
        excludes: [String] = [],
        modelDirectory: URL? = nil
    ) {
        self.indexPath = indexPath
        self.chunkTokens = chunkTokens
        self.chunkOverlapTokens = chunkOverlapTokens
        self.maxFileBytes = maxFileBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.followExternalSymlinks = followExternalSymlinks
        self.excludes = excludes
        self.modelDirectory = modelDirectory
    }
}

/// Where embeddings come from.
public enum EmbedderChoice: Sendable, Hashable {
    /// No embedder: lexical search only, chunks are not embedded.
    case none
    /// The native BERT encoder, loaded from a sentence-transformers model folder.
    case native(directory: URL)
    /// An OpenAI-compatible `/v1/embeddings` server (its dimension is learnt from one probe request).
    case remote(OpenAIEmbeddingsConfiguration)
}
