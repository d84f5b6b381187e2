import Foundation
import Footnote

/// Retrieval metrics with trec_eval's definitions: nDCG@k with graded gains (linear gain,
/// log2(rank+1) discount, ideal ranking from the judgements), Recall@k over documents with
/// grade > 0, and reciprocal rank of the first relevant document within the cut-off.
public enum RetrievalMetrics {
    public static func ndcg(ranking: [String], judgements: [String: Int], cutoff: Int) -> Double {
        var dcg = 0.0
        for (position, document) in ranking.prefix(cutoff).enumerated() {
            let gain = Double(max(0, judgements[document] ?? 0))
            dcg += gain / log2(Double(position) + 2)
        }
        let ideal = judgements.values.map { Double(max(0, $0)) }.sorted(by: >).prefix(cutoff)
        var idcg = 0.0
        for (position, gain) in ideal.enumerated() { idcg += gain / log2(Double(position) + 2) }
        return idcg > 0 ? dcg / idcg : 0
    }

    public static func recall(ranking: [String], judgements: [String: Int], cutoff: Int) -> Double {
        let relevant = Set(judgements.filter { $0.value > 0 }.keys)
        guard !relevant.isEmpty else { return 0 }
        let found = ranking.prefix(cutoff).filter(relevant.contains).count
        return Double(found) / Double(relevant.count)
    }

    public static func reciprocalRank(ranking: [String], judgements: [String: Int], cutoff: Int) -> Double {
        for (position, document) in ranking.prefix(cutoff).enumerated() where (judgements[document] ?? 0) > 0 {
            return 1 / Double(position + 1)
        }
        return 0
    }

    /// The value at quantile `q` (0…1) of `values`, nearest-rank.
    public static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }
}
