import Foundation
import FootnoteCore
import TextAnalysis

extension EvidenceGate {
    /// The sentences whose embeddings give `sentenceSimilarity`: every sentence of the top
    /// `similarityDepth` hits, without title or headings.
    public func similaritySentences(_ hits: [SearchHit]) -> [String] {
        hits.prefix(similarityDepth).flatMap { hit in
            let scalars = Array(hit.text.unicodeScalars)
            return TextUnits.sentenceRanges(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
                .filter { !TextUnits.contentTerms($0).isEmpty }
        }
    }

    /// The IDF of a term found in `documentFrequency` of `passageCount` passages (BM25's formula, floored at 0.1).
    public static func idf(documentFrequency: Int, passageCount: Int) -> Double {
        let n = Double(max(passageCount, 1))
        let df = Double(min(max(documentFrequency, 0), max(passageCount, 1)))
        return max(0.1, Foundation.log(1 + (n - df + 0.5) / (df + 0.5)))
    }

    /// Features of `hits` (best first) for `question`; `documentFrequency` maps stemmed terms to
    /// the number of passages containing them.
    public func features(question: String, hits: [SearchHit], documentFrequency: [String: Int], passageCount: Int) -> EvidenceFeatures {
        let terms = Set(TextUnits.contentTerms(question))
        var weights: [String: Double] = [:]
        for term in terms {
            weights[term] = Self.idf(documentFrequency: documentFrequency[term] ?? 0, passageCount: passageCount)
        }
        // Summed in sorted order: a dictionary's order changes from run to run, and so would the last bits
        // of the sums (and a tie at the threshold).
        let ordered = weights.keys.sorted()
        func weight(of present: Set<String>) -> Double { ordered.reduce(0) { present.contains($1) ? $0 + (weights[$1] ?? 0) : $0 } }
        let total = weight(of: terms)
        guard total > 0 else {
            return EvidenceFeatures(passageCoverage: 0, windowCoverage: 0, missingTerm: nil, terms: weights)
        }
        var bestPassage = 0.0
        var bestSentence = 0.0
        var bestBare = 0.0
        var missing: String?
        for hit in hits.prefix(depth) {
            let context = Set(TextUnits.contentTerms(([hit.title ?? ""] + hit.headingPath).joined(separator: " ")))
            let passageTerms = context.union(TextUnits.contentTerms(hit.text))
            let coverage = weight(of: passageTerms) / total
            if coverage > bestPassage {
                bestPassage = coverage
                missing = ordered.filter { !passageTerms.contains($0) }.max { (weights[$0] ?? 0, $1) < (weights[$1] ?? 0, $0) }
            }
            let scalars = Array(hit.text.unicodeScalars)
            let sentences = TextUnits.sentenceRanges(scalars).map { range in
                Set(TextUnits.contentTerms(String(String.UnicodeScalarView(scalars[range]))))
            }
            for index in sentences.indices {
                bestBare = max(bestBare, weight(of: sentences[index]) / total)
                var window = context.union(sentences[index])
                if index + 1 < sentences.count { window.formUnion(sentences[index + 1]) }
                let covered = weight(of: window) / total
                bestSentence = max(bestSentence, covered)
            }
        }
        let top = hits.first?.explanation
        var agree: Bool?
        if hits.contains(where: { $0.explanation?.semanticRank != nil }), hits.contains(where: { $0.explanation?.lexicalRank != nil }) {
            agree = hits.first(where: { $0.explanation?.lexicalRank == 1 })?.chunkID
                == hits.first(where: { $0.explanation?.semanticRank == 1 })?.chunkID
        }
        var features = EvidenceFeatures(
            passageCoverage: bestPassage, windowCoverage: bestSentence, missingTerm: missing, terms: weights,
            topLexicalScore: top?.lexicalScore, topSemanticScore: hits.compactMap { $0.explanation?.semanticScore }.max(),
            listsAgree: agree)
        features.sentenceCoverage = bestBare
        // Only a name the knowledge base never mentions: one it holds elsewhere (an article's other
        // paragraphs) is as often an answerable question's paraphrase as an unanswerable one's subject.
        // Looked up first: the passages are read only when a name is unknown to the index.
        let unknown = Self.names(in: question).filter { documentFrequency[TextAnalyzer.stem($0)] == 0 }
        // An identifier (`pg_stat_io`, `turbo_mode`) the index never holds is absent from every passage too.
        features.missingNames = Self.absent(unknown, from: hits.prefix(depth))
            + Self.identifiers(in: question).filter { documentFrequency[$0] == 0 && !unknown.contains($0) }
        return features
    }

    /// Whether the score uses a cosine (and is compared with `denseThreshold`): vectors were used and a
    /// cosine with a non-zero weight is present.
    public func usesCosine(_ features: EvidenceFeatures) -> Bool {
        features.topSemanticScore != nil && (semanticWeight > 0 || (features.sentenceSimilarity != nil && similarityWeight > 0))
    }

    /// The evidence score (0…1) of some features: 0 when the best sentence's cosine is below
    /// `similarityFloor`; with a cosine, `namePenalty` less when a name of the question is in no passage.
    public func score(_ features: EvidenceFeatures) -> Double {
        let value = evidence(features)
        return penalisesNames(features) ? max(0, value - namePenalty) : value
    }

    /// The score before the name penalty.
    func evidence(_ features: EvidenceFeatures) -> Double {
        let weightSum = passageWeight + sentenceWeight
        let lexical = weightSum > 0
            ? (passageWeight * features.passageCoverage + sentenceWeight * features.sentenceCoverage) / weightSum : 0
        guard usesCosine(features), let semantic = features.topSemanticScore else { return lexical }
        let clamp = { (value: Double) in min(1, max(0, value)) }
        guard let similarity = features.sentenceSimilarity, similarityWeight > 0 else {
            return (1 - semanticWeight) * lexical + semanticWeight * clamp(semantic)
        }
        // No sentence means what the question asks, however many of its words the passages share.
        if similarity < similarityFloor { return 0 }
        let margin = features.retrievalMargin.map { marginWeight * clamp($0) } ?? 0
        return (1 - semanticWeight - similarityWeight - marginShare(features)) * lexical + semanticWeight * clamp(semantic)
            + similarityWeight * clamp(similarity) + margin
    }

    /// The weight the retrieval margin takes from the word evidence: `marginWeight` when the margin is present.
    func marginShare(_ features: EvidenceFeatures) -> Double {
        features.retrievalMargin == nil ? 0 : marginWeight
    }

    /// The fused score of the best hit less that of the runner-up: the next hit whose text differs (a file
    /// indexed twice is not a rival); the whole score when nothing else was found. Meaningful for score
    /// fusion, where the best passage of each list scores 1.
    public static func retrievalMargin(_ hits: [SearchHit]) -> Double? {
        guard let best = hits.first else { return nil }
        let rival = hits.dropFirst().first { $0.text != best.text }
        return max(0, best.score - (rival?.score ?? 0))
    }

    /// Scores `features` and compares the score with the threshold.
    public func decide(_ features: EvidenceFeatures) -> GateDecision {
        let value = score(features)
        let threshold = usesCosine(features) ? denseThreshold : threshold
        var formula = String(format: "%.2f·passage_coverage + %.2f·sentence_coverage", passageWeight / (passageWeight + sentenceWeight),
                             sentenceWeight / (passageWeight + sentenceWeight))
        if usesCosine(features) {
            if features.sentenceSimilarity != nil, similarityWeight > 0 {
                let top = semanticWeight > 0 ? String(format: " + %.2f·top_cosine", semanticWeight) : ""
                let margin = features.retrievalMargin == nil ? "" : String(format: " + %.2f·retrieval_margin", marginWeight)
                formula = String(format: "%.2f·(%@)%@ + %.2f·sentence_cosine%@, or 0 when sentence_cosine < %.2f",
                                 1 - semanticWeight - similarityWeight - marginShare(features), formula, top, similarityWeight, margin,
                                 similarityFloor)
            } else {
                formula = String(format: "%.2f·(%@) + %.2f·top_cosine", 1 - semanticWeight, formula, semanticWeight)
            }
        }
        if penalisesNames(features) {
            formula += String(format: ", less %.2f: no passage names ", namePenalty) + features.missingNames.joined(separator: ", ")
        }
        return GateDecision(score: value, threshold: threshold, abstain: value < threshold, features: features, formula: formula)
    }
}
