import Foundation

/// How lexical (BM25) and semantic (cosine) candidate lists are fused into one ranking.
public struct HybridFusion: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Reciprocal rank fusion: Σ 1 / (k + rank).
        case rrf
        /// Calibrated score fusion: BM25 divided by the list's best score, cosine rescaled from
        /// [corpus mean, best] to [0, 1], then `semanticWeight`·sem + (1 − `semanticWeight`)·lex.
        case score
    }

    public var method: Method
    /// RRF's k (60 in the literature and the references).
    public var rrfK: Double
    /// Weight of the semantic side in score fusion (0…1).
    public var semanticWeight: Double
    /// Candidates taken from each list before fusing.
    public var candidateDepth: Int

    public init(method: Method, rrfK: Double = 60, semanticWeight: Double = 0.5, candidateDepth: Int = 100) {
        self.method = method
        self.rrfK = rrfK
        self.semanticWeight = semanticWeight
        self.candidateDepth = candidateDepth
    }

    /// The default, chosen with `footnote eval --mode hybrid` on the shared collections (see README, "Tuning").
    public static let `default` = HybridFusion(method: .score, rrfK: 60, semanticWeight: 0.65, candidateDepth: 100)

    /// One fused entry with everything `--explain` shows.
    public struct Fused: Sendable, Hashable {
        public var chunkID: Int64
        public var score: Double
        public var explanation: ScoreExplanation
    }

    /// Fuses the two lists (each best first) into one ranking, best first.
    /// `semanticBackground` is the mean cosine of the query over the (filtered) corpus.
    public func fuse(
        lexical: [(chunkID: Int64, score: Double)], semantic: [(chunkID: Int64, score: Double)], semanticBackground: Double = 0
    ) -> [Fused] {
        var entries: [Int64: ScoreExplanation] = [:]
        for (rank, item) in lexical.enumerated() {
            entries[item.chunkID, default: ScoreExplanation(fusedScore: 0)].lexicalRank = rank + 1
            entries[item.chunkID, default: ScoreExplanation(fusedScore: 0)].lexicalScore = item.score
        }
        for (rank, item) in semantic.enumerated() {
            entries[item.chunkID, default: ScoreExplanation(fusedScore: 0)].semanticRank = rank + 1
            entries[item.chunkID, default: ScoreExplanation(fusedScore: 0)].semanticScore = item.score
        }
        let bestLexical = lexical.first?.score ?? 1
        let bestSemantic = semantic.first?.score ?? 1
        let backgroundSemantic = semanticBackground
        var fused: [Fused] = []
        fused.reserveCapacity(entries.count)
        for (chunkID, var explanation) in entries {
            let score: Double
            switch method {
            case .rrf:
                let lexicalPart = explanation.lexicalRank.map { 1 / (rrfK + Double($0)) } ?? 0
                let semanticPart = explanation.semanticRank.map { 1 / (rrfK + Double($0)) } ?? 0
                score = lexicalPart + semanticPart
                explanation.notes = [String(format: "rrf k=%.0f: %.5f (bm25) + %.5f (vector)", rrfK, lexicalPart, semanticPart)]
            case .score:
                let lexicalPart = explanation.lexicalScore.map { bestLexical > 0 ? $0 / bestLexical : 0 } ?? 0
                let spread = bestSemantic - backgroundSemantic
                let semanticPart = explanation.semanticScore.map { spread > 0 ? max(0, ($0 - backgroundSemantic) / spread) : 0 } ?? 0
                score = semanticWeight * semanticPart + (1 - semanticWeight) * lexicalPart
                explanation.notes = [String(
                    format: "score fusion: %.2f × %.3f (vector, rescaled) + %.2f × %.3f (bm25 / best)",
                    semanticWeight, semanticPart, 1 - semanticWeight, lexicalPart)]
            }
            explanation.fusedScore = score
            fused.append(Fused(chunkID: chunkID, score: score, explanation: explanation))
        }
        return fused.sorted { $0.score != $1.score ? $0.score > $1.score : $0.chunkID < $1.chunkID }
    }
}
