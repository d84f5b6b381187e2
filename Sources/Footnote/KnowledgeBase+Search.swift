import Foundation
import FootnoteCore
import KnowledgeStore

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
        VectorState(indexed: try store.embedder(), hasVectors: try store.hasVectors())
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
        return try store.hits(
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
            let matches = try store.lexicalSearch(query, filter: request.filter, limit: limit, weights: weights, snippets: withSnippets)
            let items = matches.enumerated().map { rank, match in
                (match.chunkID, match.score, ScoreExplanation(
                    lexicalRank: rank + 1, lexicalScore: match.score, fusedScore: match.score, notes: [lexicalNote]))
            }
            return (items, snippetMap(matches))
        case .semantic:
            try requireVectorSearch(vectors)
            guard let vector = try queryVector ?? embedQuery(request.query) else { return ([], [:]) }
            let matches = try store.vectorSearch(
                vector, filter: request.filter, constraints: query, limit: limit, precision: configuration.vectorPrecision).matches
            let items = matches.enumerated().map { rank, match in
                (match.chunkID, match.score, ScoreExplanation(semanticRank: rank + 1, semanticScore: match.score, fusedScore: match.score))
            }
            return (items, [:])
        case .hybrid:
            // One entry into the store: it runs BM25 beside the query embedding and the vector scan, and fuses
            // them. Snippets are made for the fused top-k only (in `hits`), not per candidate.
            try requireVectorSearch(vectors)
            let text = request.query
            let fused = try store.hybridSearch(
                query, vector: { [self] in try queryVector ?? embedQuery(text) }, filter: request.filter, limit: limit,
                weights: weights, fusion: configuration.fusion, precision: configuration.vectorPrecision)
            let items = fused.map { entry in
                var explanation = entry.explanation
                explanation.notes.append(lexicalNote)
                return (entry.chunkID, entry.score, explanation)
            }
            return (items, [:])
        }
    }

    /// The query's embedding (nil when the embedder returns none).
    func embedQuery(_ text: String) throws -> [Float]? {
        try embedBlocking([text], role: .query).first
    }

    /// Checks that vector search can run: a model loaded, the same model as the index's vectors, vectors present.
    func requireVectorSearch(_ vectors: VectorState) throws {
        guard let embedder else {
            throw FootnoteError.modelUnavailable(
                "Semantic and hybrid search need the embedding model: fetch it with `make model` (scripts/fetch-model.sh) or pass --model-dir / set FOOTNOTE_MODEL_DIR")
        }
        if let indexed = vectors.indexed, indexed != embedder.identity {
            throw FootnoteError.embedderMismatch(indexed: "\(indexed.name) (\(indexed.checksum))",
                                                 requested: "\(embedder.identity.name) (\(embedder.identity.checksum))")
        }
        guard vectors.hasVectors else {
            throw FootnoteError.modelUnavailable("The index has no vectors yet: run `footnote embed` (or `footnote add` without --no-embed)")
        }
    }

    private func snippetMap(_ matches: [LexicalMatch]) -> [Int64: String] {
        Dictionary(matches.compactMap { match in match.snippet.map { (match.chunkID, $0) } }, uniquingKeysWith: { first, _ in first })
    }
}
