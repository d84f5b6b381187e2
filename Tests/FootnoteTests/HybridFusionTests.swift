import Footnote
import FootnoteCore
import Foundation
import Testing

@Suite("Hybrid fusion")
struct HybridFusionTests {
    @Test("Reciprocal rank fusion sums 1/(k + rank) over both lists")
    func rrf() {
        let fusion = HybridFusion(method: .rrf, rrfK: 60)
        let fused = fusion.fuse(lexical: [(1, 9), (2, 5), (3, 1)], semantic: [(3, 0.9), (1, 0.8)])
        #expect(fused.map(\.chunkID) == [1, 3, 2])
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 62)) < 1e-12)
        #expect(abs(fused[1].score - (1.0 / 63 + 1.0 / 61)) < 1e-12)
        #expect(fused[2].explanation.semanticRank == nil && fused[2].explanation.lexicalRank == 2)
    }

    @Test("Score fusion rescales BM25 by the best score and cosine against the corpus background")
    func scoreFusion() {
        let fusion = HybridFusion(method: .score, semanticWeight: 0.6)
        let fused = fusion.fuse(lexical: [(1, 10), (2, 5)], semantic: [(2, 0.8), (3, 0.5)], semanticBackground: 0.2)
        // chunk 1: 0.4 × 1.0; chunk 2: 0.6 × 1.0 + 0.4 × 0.5; chunk 3: 0.6 × 0.5
        let scores = Dictionary(uniqueKeysWithValues: fused.map { ($0.chunkID, $0.score) })
        #expect(abs((scores[1] ?? 0) - 0.4) < 1e-9)
        #expect(abs((scores[2] ?? 0) - 0.8) < 1e-9)
        #expect(abs((scores[3] ?? 0) - 0.3) < 1e-9)
        #expect(fused.first?.chunkID == 2)
    }

    @Test("Empty lists fuse to the other list's order")
    func oneSided() {
        let fused = HybridFusion.default.fuse(lexical: [], semantic: [(5, 0.9), (6, 0.4)])
        #expect(fused.map(\.chunkID) == [5, 6])
    }
}
