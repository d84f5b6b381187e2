import FootnoteCore
import Grounding
import Testing

@Suite("Evidence gate: how far the best passage stands out from the runner-up")
struct GateMarginTests {
    func hit(_ number: Int, _ text: String, score: Double) -> SearchHit {
        var hit = makeHit(number, text, path: "/docs/\(number).md")
        hit.score = score
        return hit
    }

    @Test("the margin is the best fused score less the next hit with other text; alone, the whole score")
    func margin() {
        let first = hit(1, "The header is 100 bytes.", score: 0.9)
        #expect(EvidenceGate.retrievalMargin([]) == nil)
        #expect(EvidenceGate.retrievalMargin([first]) == 0.9)
        #expect(abs((EvidenceGate.retrievalMargin([first, hit(2, "Pages are 4096 bytes.", score: 0.6)]) ?? 0) - 0.3) < 1e-12)
        // The same text under another path (a file indexed twice) is not a rival.
        let copy = hit(3, "The header is 100 bytes.", score: 0.9)
        #expect(abs((EvidenceGate.retrievalMargin([first, copy, hit(2, "Pages are 4096 bytes.", score: 0.5)]) ?? 0) - 0.4) < 1e-12)
        #expect(EvidenceGate.retrievalMargin([first, copy]) == 0.9)
    }

    @Test("with a sentence cosine, the margin takes marginWeight from the word evidence's share and shows in the formula")
    func score() {
        let gate = EvidenceGate.default
        var features = EvidenceFeatures(passageCoverage: 0.6, windowCoverage: 0.6, missingTerm: nil, terms: ["header": 3],
                                        topSemanticScore: 0.5)
        features.sentenceCoverage = 0.4
        features.sentenceSimilarity = 0.6
        let lexical = (gate.passageWeight * 0.6 + gate.sentenceWeight * 0.4) / (gate.passageWeight + gate.sentenceWeight)
        // No margin (semantic-only retrieval, or rank fusion): the word evidence keeps its whole share.
        let withoutMargin = (1 - gate.similarityWeight) * lexical + gate.similarityWeight * 0.6
        #expect(abs(gate.score(features) - withoutMargin) < 1e-12)
        #expect(!gate.decide(features).formula.contains("retrieval_margin"))
        for margin in [0.0, 0.35, 1.0] {
            features.retrievalMargin = margin
            let expected = (1 - gate.similarityWeight - gate.marginWeight) * lexical + gate.similarityWeight * 0.6 + gate.marginWeight * margin
            #expect(abs(gate.score(features) - expected) < 1e-12, "margin \(margin)")
        }
        #expect(gate.decide(features).formula.contains(String(format: "%.2f·retrieval_margin", gate.marginWeight)),
                "\(gate.decide(features).formula)")
        // A standout passage scores higher than a close race, all else equal.
        var close = features
        close.retrievalMargin = 0.05
        #expect(gate.score(features) > gate.score(close))
        // Word evidence alone (lexical retrieval) ignores it.
        var wordsOnly = features
        wordsOnly.topSemanticScore = nil
        wordsOnly.sentenceSimilarity = nil
        var wordsOnlyWithout = wordsOnly
        wordsOnlyWithout.retrievalMargin = nil
        #expect(gate.score(wordsOnly) == gate.score(wordsOnlyWithout))
        // Below the sentence-cosine floor the score is 0 whatever the margin.
        features.sentenceSimilarity = gate.similarityFloor - 0.01
        #expect(gate.score(features) == 0)
    }
}
