import Foundation
import FootnoteCore
import Grounding
import KnowledgeStore
import TextAnalysis

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

    /// How many times deeper than the passages it keeps the evidence search looks, so that the copies it skips
    /// are replaced by the next distinct passages.
    static let evidenceSearchDepth = 2

    /// The passages an answer reads for `request` (the gate, the quotes, the model's prompt): its best
    /// `request.limit` hits, each a distinct text. A hit that repeats a better one (`NearDuplicates`: the same
    /// page as HTML and as PDF, a file copied twice) is skipped and the next passage read in its place.
    package func evidenceHits(_ request: SearchRequest, queryVector: [Float]? = nil, vectors: VectorState? = nil) throws -> [SearchHit] {
        try evidencePassages(request, queryVector: queryVector, vectors: vectors).kept
    }

    /// `evidenceHits`, and the copies it skipped, each with the index in `kept` of the passage it repeats.
    func evidencePassages(_ request: SearchRequest, queryVector: [Float]?, vectors: VectorState?) throws
        -> (kept: [SearchHit], skipped: [(hit: SearchHit, repeats: Int)]) {
        var deeper = request
        deeper.limit = request.limit * Self.evidenceSearchDepth
        return NearDuplicates.partitioned(try search(deeper, queryVector: queryVector, vectors: vectors), limit: request.limit)
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

    /// IDF weights (BM25's formula over `passageCount` passages) of the content terms of `texts`, except
    /// the terms in `known` (already weighed: not counted again).
    package func idfWeights(_ texts: [String], filter: SearchFilter, passageCount: Int, known: Set<String> = []) throws -> [String: Double] {
        try documentFrequencies(texts.joined(separator: "\n"), filter: filter, skipping: known)
            .mapValues { EvidenceGate.idf(documentFrequency: $0, passageCount: passageCount) }
    }

    /// Passages containing each content word of `text` (keyed by the grounding stem), for IDF weights; one
    /// batch of counts from the store. Terms in `skipping` are left out.
    func documentFrequencies(_ text: String, filter: SearchFilter, skipping known: Set<String> = []) throws -> [String: Int] {
        var keys: [String] = []
        var phrases: [LexicalQuery] = []
        for word in Set(TextUnits.words(text)).sorted() where !TextAnalyzer.stopwords.contains(word) {
            let bare = TextUnits.withoutPossessive(word)
            guard !bare.isEmpty else { continue }
            let stem = TextAnalyzer.stem(bare)
            guard !known.contains(stem) else { continue }
            keys.append(stem)
            phrases.append(LexicalQuery("\"\(bare)\""))
        }
        // Identifiers as phrases of their parts, as the index tokenizes them ("pg stat io").
        var identifiers: [String] = []
        for identifier in EvidenceGate.identifiers(in: text) where !known.contains(identifier) {
            identifiers.append(identifier)
            phrases.append(LexicalQuery("\"\(identifier.split(whereSeparator: { $0 == "_" || $0 == "." }).joined(separator: " "))\""))
        }
        let counts = try store.matchCounts(phrases, filter: filter)
        var frequencies: [String: Int] = [:]
        for (stem, count) in zip(keys, counts) { frequencies[stem] = max(frequencies[stem] ?? 0, count) }
        for (identifier, count) in zip(identifiers, counts.dropFirst(keys.count)) { frequencies[identifier] = count }
        return frequencies
    }
}
