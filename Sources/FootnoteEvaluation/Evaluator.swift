import Foundation
import Footnote
import FootnoteCore
import KnowledgeStore

/// Scores of one `footnote eval` run; JSON keys are the metric names scripts rely on.
public struct EvaluationResult: Sendable, Codable {
    public var collection: String
    public var mode: SearchMode
    public var documents: Int
    public var chunks: Int
    public var queries: Int
    public var ndcgAt10: Double
    public var recallAt10: Double
    public var recallAt100: Double
    public var mrrAt10: Double
    public var latencyP50Milliseconds: Double
    public var latencyP95Milliseconds: Double
    public var indexingSeconds: Double

    enum CodingKeys: String, CodingKey {
        case collection, mode, documents, chunks, queries
        case ndcgAt10 = "nDCG@10"
        case recallAt10 = "Recall@10"
        case recallAt100 = "Recall@100"
        case mrrAt10 = "MRR@10"
        case latencyP50Milliseconds = "latency_p50_ms"
        case latencyP95Milliseconds = "latency_p95_ms"
        case indexingSeconds = "indexing_seconds"
    }
}

/// Runs a BEIR collection through Footnote: indexes the corpus (each document through the same
/// chunker as any file) into a temporary index, searches every judged query, ranks documents by
/// their best passage and scores the ranking.
public struct Evaluator: Sendable {
    public var configuration: FootnoteConfiguration
    /// How many passages to fetch per query before grouping them into documents.
    public var passageDepth = 1000
    /// Where indexes of collections are kept between runs (nil: a temporary index each run).
    public var cacheDirectory: URL?
    /// Embedding progress (done, total), for long first runs.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Where to write each query's ranked passages as JSON lines (nil: nowhere), to read a run's misses.
    public var rankingDump: URL?

    public init(configuration: FootnoteConfiguration) {
        self.configuration = configuration
    }

    /// A collection indexed into a temporary folder (removed when the value is released).
    public final class IndexedCollection: @unchecked Sendable {
        // Immutable after init.
        public let knowledgeBase: KnowledgeBase
        /// Chunk id → corpus document id.
        public let documentOfChunk: [Int64: String]
        public let chunkCount: Int
        public let indexingSeconds: Double
        /// A temporary folder to remove when done (nil for a cached index).
        let directory: URL?

        init(knowledgeBase: KnowledgeBase, documentOfChunk: [Int64: String], chunkCount: Int, indexingSeconds: Double, directory: URL?) {
            self.knowledgeBase = knowledgeBase
            self.documentOfChunk = documentOfChunk
            self.chunkCount = chunkCount
            self.indexingSeconds = indexingSeconds
            self.directory = directory
        }

        deinit { if let directory { try? FileManager.default.removeItem(at: directory) } }
    }

    /// Indexes every document of `collection` (title and text, through the chunker) into a temporary
    /// index, or into `cacheDirectory` where a complete index with the same settings is reused. With
    /// `embed`, every chunk also gets a vector (stored vectors are reused by content).
    public func index(_ collection: BEIRCollection, embed: Bool = false) throws -> IndexedCollection {
        try index(name: collection.name, documents: collection.documents, embed: embed)
    }

    /// A knowledge base for an evaluation index: in `cacheDirectory`, as `<name>-t…-o…-<token counter>.sqlite`
    /// (kept between runs), or in a temporary folder returned for removal. Ingest does not embed.
    func openIndex(named name: String) throws -> (KnowledgeBase, temporary: URL?) {
        var configuration = configuration
        configuration.embedWhileIngesting = false
        let directory: URL
        var temporary: URL?
        if let cacheDirectory {
            directory = cacheDirectory
            // With the native model, the encoder's arithmetic is part of the key: stored vectors are reused
            // by content and model identity, so one cached index must not mix float32 and bfloat16 vectors.
            // A remote embedder's vectors are keyed by its endpoint and model, so two servers never share a file.
            let counter: String
            switch configuration.embedder {
            case .none: counter = "heuristic"
            case .native: counter = "wordpiece" + ((try? configuration.encoderPrecision.resolved()) == .bfloat16 ? "-bf16" : "")
            case .remote(let remote): counter = "heuristic-remote-" + SHA256.hex(remote.endpoint.absoluteString + "\u{0}" + remote.model).prefix(12)
            }
            let file = "\(name)-t\(configuration.chunkTokens)-o\(configuration.chunkOverlapTokens)-\(counter).sqlite"
            configuration.indexPath = directory.appendingPathComponent(file).path
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("footnote-eval-\(UUID().uuidString)")
            temporary = directory
            configuration.indexPath = directory.appendingPathComponent("eval.sqlite").path
        }
        if configuration.storeURL != nil {
            // On PostgreSQL the collection lives in a schema named like the cached file, kept between runs.
            configuration.storeSchema = Self.schemaName(forIndexFile: URL(fileURLWithPath: configuration.indexPath).lastPathComponent)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try KnowledgeBase.open(configuration), temporary)
    }

    /// A PostgreSQL schema name for an evaluation index file name: lowercase letters, digits and underscores,
    /// at most 63 bytes (longer names end with a hash of the whole, so two never share a schema).
    static func schemaName(forIndexFile file: String) -> String {
        let stem = file.hasSuffix(".sqlite") ? String(file.dropLast(".sqlite".count)) : file
        let cleaned = "footnote_eval_" + String(stem.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "_" })
        guard cleaned.utf8.count > 63 else { return cleaned }
        return String(cleaned.prefix(50)) + "_" + SHA256.hex(cleaned).prefix(12)
    }

    /// Indexes `documents` under `/beir/<name>/` (shared by retrieval and QA evaluation).
    func index(name: String, documents: [BEIRCollection.Document], embed: Bool) throws -> IndexedCollection {
        // The model's tokenizer budgets the chunks whenever the model is configured, so lexical,
        // semantic and hybrid runs see the same passages (and can share a cached index).
        let (knowledgeBase, temporary) = try openIndex(named: "\(name)-\(documents.count)")

        let started = Date()
        let prefix = "/beir/\(name)/"
        if try knowledgeBase.store.statistics().documents != documents.count {
            let existing = Set(try knowledgeBase.store.documents().map(\.path))
            for document in documents where !existing.contains(prefix + document.id) {
                let body = document.text.isEmpty ? document.title : document.text
                let parsed = ParsedDocument(format: .text, title: document.title.isEmpty ? nil : document.title, text: body)
                let chunks = knowledgeBase.chunker.chunk(parsed)
                guard !chunks.isEmpty else { continue }
                try knowledgeBase.store.writeVersion(DocumentVersionInput(
                    path: prefix + document.id, size: Int64(body.utf8.count), mtime: 0,
                    contentHash: SHA256.hex(document.id + "\u{0}" + body), document: parsed, chunks: chunks))
            }
        }
        if embed { _ = try knowledgeBase.embedPending(progress: progress) }
        let seconds = Date().timeIntervalSince(started)
        let documentOfChunk = try knowledgeBase.store.chunkDocumentPaths().mapValues { String($0.dropFirst(prefix.count)) }
        return IndexedCollection(
            knowledgeBase: knowledgeBase, documentOfChunk: documentOfChunk, chunkCount: documentOfChunk.count,
            indexingSeconds: seconds, directory: temporary)
    }

    public func evaluate(_ collection: BEIRCollection, mode: SearchMode) throws -> EvaluationResult {
        // Opened first, so that a path that cannot be written fails before a long indexing run.
        let dump = try rankingDump.map(RankingDump.init(url:))
        defer { dump?.close() }
        let indexed = try index(collection, embed: mode != .lexical)
        let knowledgeBase = indexed.knowledgeBase
        let documentOfChunk = indexed.documentOfChunk
        let chunkCount = indexed.chunkCount
        let indexingSeconds = indexed.indexingSeconds

        var totals = (ndcg: 0.0, recall10: 0.0, recall100: 0.0, mrr: 0.0)
        var latencies: [Double] = []
        for (id, text) in collection.queries {
            let judgements = collection.judgements[id] ?? [:]
            let queryStarted = Date()
            let hits = try rankedChunks(knowledgeBase, query: text, mode: mode)
            latencies.append(Date().timeIntervalSince(queryStarted) * 1000)
            let ranking = Self.documentRanking(hits.map(\.chunkID), documentOf: documentOfChunk)
            try dump?.write(query: id, hits: hits, documentOf: documentOfChunk, judgements: judgements)
            totals.ndcg += RetrievalMetrics.ndcg(ranking: ranking, judgements: judgements, cutoff: 10)
            totals.recall10 += RetrievalMetrics.recall(ranking: ranking, judgements: judgements, cutoff: 10)
            totals.recall100 += RetrievalMetrics.recall(ranking: ranking, judgements: judgements, cutoff: 100)
            totals.mrr += RetrievalMetrics.reciprocalRank(ranking: ranking, judgements: judgements, cutoff: 10)
        }
        let count = Double(collection.queries.count)
        return EvaluationResult(
            collection: collection.name, mode: mode, documents: collection.documents.count, chunks: chunkCount,
            queries: collection.queries.count,
            ndcgAt10: totals.ndcg / count, recallAt10: totals.recall10 / count,
            recallAt100: totals.recall100 / count, mrrAt10: totals.mrr / count,
            latencyP50Milliseconds: RetrievalMetrics.percentile(latencies, 0.5),
            latencyP95Milliseconds: RetrievalMetrics.percentile(latencies, 0.95),
            indexingSeconds: indexingSeconds)
    }

    /// Ranks documents by their best passage (adding the scores of further passages was measured to
    /// lower nDCG@10 on every shared collection), keeping the first 100.
    static func documentRanking(_ chunkIDs: [Int64], documentOf: [Int64: String]) -> [String] {
        var ranking: [String] = []
        var seen = Set<String>()
        for chunkID in chunkIDs {
            guard let document = documentOf[chunkID], seen.insert(document).inserted else { continue }
            ranking.append(document)
            if ranking.count == 100 { break }
        }
        return ranking
    }

    /// Chunk ids best first (documents are ranked by their best chunk).
    private func rankedChunks(_ knowledgeBase: KnowledgeBase, query: String, mode: SearchMode) throws
        -> [(chunkID: Int64, score: Double, explanation: ScoreExplanation?)] {
        switch mode {
        case .lexical:
            return try knowledgeBase.store.lexicalSearch(
                LexicalQuery(query), limit: passageDepth, weights: configuration.fieldWeights).map { ($0.chunkID, $0.score, nil) }
        case .semantic, .hybrid:
            let ranked = try knowledgeBase.rank(
                SearchRequest(query: query, limit: passageDepth, mode: mode), query: LexicalQuery(query), withSnippets: false)
            return ranked.items.map { ($0.chunkID, $0.score, $0.explanation) }
        }
    }
}
