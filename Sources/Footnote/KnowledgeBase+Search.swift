import Foundation
import FootnoteCore
import SearchIndex

/// How to rank passages.
public enum SearchMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// BM25 over the full-text index.
    case lexical
    /// Cosine similarity of sentence embeddings.
    case semantic
    /// Both, fused.
    case hybrid
}

/// A search as the front ends ask for it.
public struct SearchRequest: Sendable, Hashable {
    public var query: String
    public var limit: Int
    public var filter: SearchFilter
    /// nil picks the best mode the index supports (hybrid once vectors exist, else lexical).
    public var mode: SearchMode?
    public var explain: Bool

    public init(query: String, limit: Int = 10, filter: SearchFilter = .init(), mode: SearchMode? = nil, explain: Bool = false) {
        self.query = query
        self.limit = limit
        self.filter = filter
        self.mode = mode
        self.explain = explain
    }
}

extension KnowledgeBase {
    /// The mode a request runs in: as asked, or hybrid when the index has vectors and an embedder is loaded.
    public func effectiveMode(_ requested: SearchMode?) throws -> SearchMode {
        if let requested { return requested }
        return effectiveMode(nil, vectors: try vectorState())
    }

    /// What the index holds for vector search, read once per search (two small queries) and shared by the
    /// mode choice and the scan's checks.
    package struct VectorState {
        var indexed: EmbedderIdentity?
        var hasVectors: Bool
    }

    func vectorState() throws -> VectorState {
        VectorState(indexed: try index.embedder(), hasVectors: try index.hasVectors())
    }

    func effectiveMode(_ requested: SearchMode?, vectors: VectorState) -> SearchMode {
        if let requested { return requested }
        guard let embedder, vectors.indexed == embedder.identity, vectors.hasVectors else { return .lexical }
        return .hybrid
    }

    /// The best passages for a query; filters are applied before top-k in every mode.
    public func search(_ request: SearchRequest) throws -> [SearchHit] {
        try search(request, queryVector: nil)
    }

    /// `search` with the query's embedding already computed and the index's vector state already read
    /// (`ask` does both once and reuses them).
    func search(_ request: SearchRequest, queryVector: [Float]?, vectors: VectorState? = nil) throws -> [SearchHit] {
        let query = LexicalQuery(request.query)
        let ranked = try rank(request, query: query, withSnippets: true, queryVector: queryVector, vectors: vectors)
        let snippets = Dictionary(ranked.snippets.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return try index.hits(
            for: ranked.items.map { ($0.chunkID, $0.score, request.explain ? $0.explanation : nil) },
            query: query, knownSnippets: snippets)
    }

    /// Chunk ids with scores and explanations, best first, plus the snippets FTS5 computed. A quoted phrase
    /// or an excluded term of the query holds for every hit in every mode (the vector scan is limited to
    /// the chunks that satisfy them). `queryVector`, when given, is the query's embedding.
    package func rank(_ request: SearchRequest, query: LexicalQuery, withSnippets: Bool, queryVector: [Float]? = nil,
                      vectors known: VectorState? = nil) throws
        -> (items: [(chunkID: Int64, score: Double, explanation: ScoreExplanation)], snippets: [Int64: String]) {
        let limit = max(1, request.limit)
        let vectors = try known ?? (request.mode == .lexical ? VectorState(indexed: nil, hasVectors: false) : vectorState())
        let mode = effectiveMode(request.mode, vectors: vectors)
        let weights = configuration.fieldWeights
        let lexicalNote = "bm25 k1=1.2 b=0.75, column weights title=\(weights.title) heading=\(weights.heading) body=\(weights.body) cjk=\(weights.cjk), + \(weights.document) × bm25 of the document; FTS5 MATCH \(query.matchExpression ?? "(nothing to match)")"
        switch mode {
        case .lexical:
            let matches = try index.lexicalSearch(query, filter: request.filter, limit: limit, weights: weights, snippets: withSnippets)
            let items = matches.enumerated().map { rank, match in
                (match.chunkID, match.score, ScoreExplanation(
                    lexicalRank: rank + 1, lexicalScore: match.score, fusedScore: match.score, notes: [lexicalNote]))
            }
            return (items, snippetMap(matches))
        case .semantic:
            let prepared = try prepareSemantic(filter: request.filter, constraints: query, vectors: vectors)
            let matches = try semanticMatches(request.query, prepared: prepared, limit: limit, vector: queryVector).matches
            let items = matches.enumerated().map { rank, match in
                (match.chunkID, match.score, ScoreExplanation(semanticRank: rank + 1, semanticScore: match.score, fusedScore: match.score))
            }
            return (items, [:])
        case .hybrid:
            let fusion = configuration.fusion
            let depth = max(fusion.candidateDepth, limit)
            // The two legs run at once (GCD threads, not the concurrency pool): the query embedding and the
            // vector scan beside BM25. Snippets are made for the fused top-k only (in `hits`), not per candidate.
            let prepared = try prepareSemantic(filter: request.filter, constraints: query, vectors: vectors)
            let semanticResult = ResultHandOff<(matches: [SemanticMatch], background: Double)>()
            let lexicalResult = ResultHandOff<[LexicalMatch]>()
            let text = request.query
            let filter = request.filter
            DispatchQueue.concurrentPerform(iterations: 2) { leg in
                if leg == 0 {
                    semanticResult.set(Result { try self.semanticMatches(text, prepared: prepared, limit: depth, vector: queryVector) })
                } else {
                    lexicalResult.set(Result { try self.index.lexicalSearch(query, filter: filter, limit: depth, weights: weights, snippets: false) })
                }
            }
            let lexical = try lexicalResult.get()
            let semantic = try semanticResult.get()
            let fused = fusion.fuse(
                lexical: lexical.map { ($0.chunkID, $0.score) }, semantic: semantic.matches.map { ($0.chunkID, $0.score) },
                semanticBackground: semantic.background)
            let items = fused.prefix(limit).map { entry in
                var explanation = entry.explanation
                explanation.notes.append(lexicalNote)
                return (entry.chunkID, entry.score, explanation)
            }
            return (Array(items), [:])
        }
    }

    /// Vector matches for a query text: `vector` when the caller embedded it already, else embedded here as a query.
    func semanticMatches(_ text: String, prepared: PreparedVectorScan, limit: Int, vector: [Float]? = nil) throws
        -> (matches: [SemanticMatch], background: Double) {
        guard let vector = try vector ?? embedBlocking([text], role: .query).first else { return ([], 0) }
        return try index.semanticScan(vector, prepared: prepared, limit: limit)
    }

    /// Checks that vector search can run (model loaded, same model as the index, vectors present)
    /// and loads what the scan needs.
    func prepareSemantic(filter: SearchFilter, constraints: LexicalQuery, vectors: VectorState) throws -> PreparedVectorScan {
        guard let embedder else {
            throw FootnoteError.modelUnavailable(
                "Semantic and hybrid search need the embedding model: fetch it with `make model` (scripts/fetch-model.sh) or pass --model-dir / set FOOTNOTE_MODEL_DIR")
        }
        if let indexed = vectors.indexed, indexed != embedder.identity {
            throw SearchIndexError.embedderMismatch(indexed: "\(indexed.name) (\(indexed.checksum))",
                                                    requested: "\(embedder.identity.name) (\(embedder.identity.checksum))")
        }
        guard vectors.hasVectors else {
            throw FootnoteError.modelUnavailable("The index has no vectors yet: run `footnote embed` (or `footnote add` without --no-embed)")
        }
        return try index.prepareVectorScan(filter: filter, constraints: constraints, precision: configuration.vectorPrecision)
    }

    private func snippetMap(_ matches: [LexicalMatch]) -> [Int64: String] {
        Dictionary(matches.compactMap { match in match.snippet.map { (match.chunkID, $0) } }, uniquingKeysWith: { first, _ in first })
    }
}
