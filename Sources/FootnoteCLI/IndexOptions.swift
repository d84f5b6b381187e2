import ArgumentParser
import Foundation
import Footnote
import FootnoteCore

extension VectorPrecision: ExpressibleByArgument {}
extension EncoderPrecision: ExpressibleByArgument {}

/// Options every subcommand takes: where the index and the model are, and JSON output.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "Index file (default: $FOOTNOTE_INDEX or indexes/default.sqlite).")
    var index: String?

    @Option(name: .long, help: "PostgreSQL database holding the knowledge base instead of the index file, e.g. postgres://footnote@127.0.0.1:5432/footnote (default: $FOOTNOTE_STORE; the password from the URL or ~/.pgpass).")
    var store: String?

    @Option(name: .long, help: "A streaming replica of the --store database that serves searches, e.g. postgres://footnote@replica:5432/footnote (default: $FOOTNOTE_READ_STORE; only with --store; the schema is --store's). Everything else reads the primary; searches fall back to it when the replica fails.")
    var readStore: String?

    @Option(name: .long, help: "Embedding model folder (default: $FOOTNOTE_MODEL_DIR or ~/.cache/footnote/models/all-MiniLM-L6-v2 when present).")
    var modelDir: String?

    @Option(name: .long, help: "OpenAI-compatible embeddings server to use instead of the native model, e.g. http://127.0.0.1:11434/v1 (default: $FOOTNOTE_EMBED_URL; API key from $FOOTNOTE_EMBED_API_KEY).")
    var embedURL: String?

    @Option(name: .long, help: "Model name on the --embed-url server, e.g. nomic-embed-text (default: $FOOTNOTE_EMBED_MODEL).")
    var embedModel: String?

    @Option(name: .long, help: "Vector scan precision: float32 (exact) or int8 (a quarter of the memory, candidates rescored in float32) (default: $FOOTNOTE_VECTOR_PRECISION or float32).")
    var vectorPrecision: VectorPrecision?

    @Option(name: .long, help: "Native encoder arithmetic: auto (bfloat16 where the CPU has AVX512_BF16, else float32), float32 or bfloat16 (default: $FOOTNOTE_ENCODER_PRECISION or auto).")
    var encoderPrecision: EncoderPrecision?

    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false

    func validate() throws {
        // $FOOTNOTE_STORE is ignored when --index names a file, so it is checked only when it is used.
        if let url = index == nil ? storeURL : store {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ValidationError("--store '\(url)' is not a PostgreSQL URL such as postgres://footnote@127.0.0.1:5432/footnote (the SQLite index is chosen with --index).")
            }
            if index != nil, store != nil {
                throw ValidationError("Pass either --index (an SQLite file) or --store (a PostgreSQL database), not both.")
            }
        }
        try validateReadStore()
        if vectorPrecision == nil, let value = ProcessInfo.processInfo.environment["FOOTNOTE_VECTOR_PRECISION"], !value.isEmpty,
           VectorPrecision(rawValue: value) == nil {
            throw ValidationError("FOOTNOTE_VECTOR_PRECISION must be float32 or int8, got '\(value)'")
        }
        if encoderPrecision == nil, let value = ProcessInfo.processInfo.environment["FOOTNOTE_ENCODER_PRECISION"], !value.isEmpty,
           EncoderPrecision(rawValue: value) == nil {
            throw ValidationError("FOOTNOTE_ENCODER_PRECISION must be auto, float32 or bfloat16, got '\(value)'")
        }
    }

    /// The PostgreSQL store: --store, else $FOOTNOTE_STORE (ignored when --index names a file).
    var storeURL: String? {
        store ?? ProcessInfo.processInfo.environment["FOOTNOTE_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The read store: --read-store, else $FOOTNOTE_READ_STORE (ignored when no PostgreSQL store is in use).
    var readStoreURL: String? {
        guard index == nil, storeURL != nil else { return nil }
        return readStore ?? ProcessInfo.processInfo.environment["FOOTNOTE_READ_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// --read-store needs a PostgreSQL --store and is itself a PostgreSQL URL (the facade checks its schema).
    private func validateReadStore() throws {
        if readStore != nil, index != nil || storeURL == nil {
            throw ValidationError("--read-store names a replica of a PostgreSQL --store; pass --store too (the SQLite index has no read store).")
        }
        guard let read = readStoreURL else { return }
        guard read.hasPrefix("postgres://") || read.hasPrefix("postgresql://") else {
            throw ValidationError("--read-store '\(read)' is not a PostgreSQL URL such as postgres://footnote@replica:5432/footnote.")
        }
    }

    /// The default model location, where `make model` puts it.
    static var defaultModelDirectory: URL {
        FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/models/all-MiniLM-L6-v2")
    }

    /// The configuration: flags first, then FOOTNOTE_* environment variables, then defaults. The embedder
    /// is the remote server when --embed-url / FOOTNOTE_EMBED_URL names one, else the native model when
    /// its folder is known, else none.
    func configuration() throws -> FootnoteConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = FootnoteConfiguration()
        configuration.indexPath = index ?? environment["FOOTNOTE_INDEX"] ?? FootnoteConfiguration.defaultIndexPath
        if index == nil { configuration.storeURL = storeURL }
        configuration.readStoreURL = readStoreURL
        if let modelDir {
            configuration.modelDirectory = URL(fileURLWithPath: modelDir)
        } else if let model = environment["FOOTNOTE_MODEL_DIR"], !model.isEmpty {
            configuration.modelDirectory = URL(fileURLWithPath: model)
        } else if FileManager.default.fileExists(atPath: Self.defaultModelDirectory.appendingPathComponent("model.safetensors").path) {
            configuration.modelDirectory = Self.defaultModelDirectory
        }
        if let precision = vectorPrecision ?? environment["FOOTNOTE_VECTOR_PRECISION"].flatMap(VectorPrecision.init(rawValue:)) {
            configuration.vectorPrecision = precision
        }
        if let precision = encoderPrecision ?? environment["FOOTNOTE_ENCODER_PRECISION"].flatMap(EncoderPrecision.init(rawValue:)) {
            configuration.encoderPrecision = precision
        }
        if let remote = try remoteEmbedder() { configuration.embedder = .remote(remote) }
        return configuration
    }

    /// The remote embeddings server: flags first, then FOOTNOTE_EMBED_URL / _MODEL / _API_KEY; nil when no URL is
    /// set (or when --model-dir is passed without --embed-url).
    func remoteEmbedder() throws -> OpenAIEmbeddingsConfiguration? {
        let environment = ProcessInfo.processInfo.environment
        if embedURL == nil, modelDir != nil { return nil }  // an explicit --model-dir beats $FOOTNOTE_EMBED_URL
        guard let text = embedURL ?? environment["FOOTNOTE_EMBED_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        if embedURL != nil, modelDir != nil {
            throw ValidationError("Pass either --embed-url or --model-dir, not both.")
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw ValidationError("--embed-url '\(text)' is not an http(s) URL such as http://127.0.0.1:11434/v1.")
        }
        guard let model = embedModel ?? environment["FOOTNOTE_EMBED_MODEL"], !model.isEmpty else {
            throw ValidationError("--embed-url needs a model name: pass --embed-model NAME or set FOOTNOTE_EMBED_MODEL.")
        }
        let key = environment["FOOTNOTE_EMBED_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        return OpenAIEmbeddingsConfiguration(url: url, model: model, apiKey: key)
    }

    /// Opens the knowledge base; `withModel: false` skips the embedder (commands that never embed). With
    /// `command`, the index must exist already: a read command names itself in the error instead of
    /// creating an empty index at a mistyped path.
    func openKnowledgeBase(_ configuration: FootnoteConfiguration? = nil, withModel: Bool = true, command: String? = nil) throws -> KnowledgeBase {
        var resolved = try configuration ?? self.configuration()
        if !withModel { resolved.embedder = .none }
        guard let command else { return try KnowledgeBase.open(resolved) }
        resolved.createsIndex = false
        do {
            return try KnowledgeBase.open(resolved)
        } catch FootnoteError.indexNotFound(let path, _) {
            throw FootnoteError.indexNotFound(path: path, command: command)  // named by the command the user typed
        }
    }
}
