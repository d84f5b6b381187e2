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
    /// The best passages for a query; filters are applied before top-k.
    public func search(_ request: SearchRequest) throws -> [SearchHit] {
        let query = LexicalQuery(request.query)
        let limit = max(1, request.limit)
        let matches = try index.lexicalSearch(query, filter: request.filter, limit: limit, snippets: true)
        let weights = FieldWeights.default
        let scored = matches.enumerated().map { rank, match in
            (chunkID: match.chunkID, score: match.score,
             explanation: request.explain ? ScoreExplanation(
                lexicalRank: rank + 1, lexicalScore: match.score, fusedScore: match.score,
                notes: [
                    "FTS5 MATCH \(query.matchExpression ?? "")",
                    "bm25 k1=1.2 b=0.75, column weights title=\(weights.title) heading=\(weights.heading) body=\(weights.body) cjk=\(weights.cjk)",
                ]) : nil)
        }
        let snippets = Dictionary(matches.compactMap { match in match.snippet.map { (match.chunkID, $0) } },
                                  uniquingKeysWith: { first, _ in first })
        return try index.hits(for: scored, query: query, knownSnippets: snippets)
    }
}
