import Foundation
import FootnoteCore
import Grounding
import KnowledgeStore

/// Cosines between one question and sentences of its passages: the question is embedded once per
/// ask, each sentence once, shared by the evidence gate and the extractive answerer.
package struct SentenceCosines {
    package var question: String
    package var queryVector: [Float]?
    package var values: [String: Double] = [:]

    package init(question: String) { self.question = question }
}

extension KnowledgeBase {
    /// Adds the cosines of `sentences` (those not known yet) to `cosines`; nothing without an embedder.
    func measure(_ sentences: [String], into cosines: inout SentenceCosines) async throws {
        guard let embedder else { return }
        let missing = Array(Set(sentences.filter { cosines.values[$0] == nil })).sorted()
        guard !missing.isEmpty else { return }
        if cosines.queryVector == nil { cosines.queryVector = try await embedder.embed([cosines.question], role: .query).first }
        guard let query = cosines.queryVector else { return }
        let vectors = try await embedder.embed(missing, role: .document)
        for (sentence, vector) in zip(missing, vectors) {
            cosines.values[sentence] = Double(zip(query, vector).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
    }

    /// Whether the embedder is the model the gate's (and the extractive answerer's) cosine weights were
    /// fitted with: another model puts cosines on another scale.
    func cosinesFitted(for gate: EvidenceGate) -> Bool {
        guard let embedder else { return false }
        return gate.similarityModel == nil || gate.similarityModel == embedder.identity.checksum
    }

    /// The evidence gate's features for `hits` of `question` (retrieved in `mode`): IDF coverage of the
    /// question's terms; the retrieval margin when both lists were fused by score; and, when `similarity`
    /// is set, vectors were used and the embedder is the gate's `similarityModel`, the best cosine between
    /// the question and a single sentence of the top passages.
    package func evidence(question: String, hits: [SearchHit], mode: SearchMode?, gate: EvidenceGate, filter: SearchFilter, passageCount: Int,
                  similarity: Bool, cosines: inout SentenceCosines) async throws -> EvidenceFeatures {
        var features = gate.features(
            question: question, hits: hits, documentFrequency: try documentFrequencies(question, filter: filter), passageCount: passageCount)
        if try effectiveMode(mode) == .hybrid, configuration.fusion.method == .score {
            features.retrievalMargin = EvidenceGate.retrievalMargin(hits)
        }
        guard similarity, features.topSemanticScore != nil, cosinesFitted(for: gate) else { return features }
        let sentences = gate.similaritySentences(hits)
        try await measure(sentences, into: &cosines)
        features.sentenceSimilarity = sentences.compactMap { cosines.values[$0] }.max()
        return features
    }

    /// IDF weights (BM25's formula over `passageCount` passages) of the content terms of `texts`.
    package func idfWeights(_ texts: [String], filter: SearchFilter, passageCount: Int) throws -> [String: Double] {
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
            let bare = TextUnits.withoutPossessive(word)
            guard !bare.isEmpty else { continue }
            let count = try store.matchCount(LexicalQuery("\"\(bare)\""), filter: filter)
            let stem = TextUnits.stem(bare)
            frequencies[stem] = max(frequencies[stem] ?? 0, count)
        }
        // Identifiers as phrases of their parts, as the index tokenizes them ("pg stat io").
        for identifier in EvidenceGate.identifiers(in: question) {
            let parts = identifier.split(whereSeparator: { $0 == "_" || $0 == "." }).joined(separator: " ")
            frequencies[identifier] = try store.matchCount(LexicalQuery("\"\(parts)\""), filter: filter)
        }
        return frequencies
    }
}
