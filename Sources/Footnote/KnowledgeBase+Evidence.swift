import Foundation
import FootnoteCore
import Grounding
import SearchIndex

extension KnowledgeBase {
    /// The evidence gate's features for `hits` of `question`: IDF coverage of the question's terms and,
    /// when `similarity` is set, vectors were used and the embedder is the gate's `similarityModel`, the
    /// best cosine between the question and a single sentence of the top passages.
    func evidence(question: String, hits: [SearchHit], gate: EvidenceGate, filter: SearchFilter, passageCount: Int,
                  similarity: Bool) async throws -> EvidenceFeatures {
        var features = gate.features(
            question: question, hits: hits, documentFrequency: try documentFrequencies(question, filter: filter), passageCount: passageCount)
        guard similarity, features.topSemanticScore != nil, let embedder,
              gate.similarityModel == nil || gate.similarityModel == embedder.identity.checksum else { return features }
        let sentences = gate.similaritySentences(hits)
        guard !sentences.isEmpty, let query = try await embedder.embed([question], role: .query).first else { return features }
        let vectors = try await embedder.embed(sentences, role: .document)
        features.sentenceSimilarity = vectors.map { vector in Double(zip(query, vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }.max()
        return features
    }

    /// IDF weights (BM25's formula over `passageCount` passages) of the content terms of `texts`.
    func idfWeights(_ texts: [String], filter: SearchFilter, passageCount: Int) throws -> [String: Double] {
        var weights: [String: Double] = [:]
        for text in texts {
            for (term, frequency) in try documentFrequencies(text, filter: filter) {
                weights[term] = EvidenceGate.idf(documentFrequency: frequency, passageCount: passageCount)
            }
        }
        return weights
    }

    /// Passages containing each content word of `question` (keyed by the grounding stem), for IDF weights.
    func documentFrequencies(_ question: String, filter: SearchFilter) throws -> [String: Int] {
        var frequencies: [String: Int] = [:]
        for word in Set(TextUnits.words(question)) where !TextUnits.stopwords.contains(word) {
            let bare = word.hasSuffix("'s") ? String(word.dropLast(2)) : word
            guard !bare.isEmpty else { continue }
            let count = try index.matchCount(LexicalQuery("\"\(bare)\""), filter: filter)
            let stem = TextUnits.stem(bare)
            frequencies[stem] = max(frequencies[stem] ?? 0, count)
        }
        return frequencies
    }
}
