import Foundation
import FootnoteCore

/// One stored posting: where a term occurs in a chunk's full-text column (0 title, 1 heading, 2 body, 3 CJK
/// bigrams), how often, and at which token positions (ascending). Positions are needed only by phrases of
/// several terms (`PhraseTerms.needsPositions`); a store may leave them out for the others.
public struct TermPosting: Sendable, Hashable {
    public var term: String
    public var chunkID: Int64
    public var column: Int
    public var count: Int
    public var positions: [Int]

    public init(term: String, chunkID: Int64, column: Int, count: Int, positions: [Int] = []) {
        self.term = term
        self.chunkID = chunkID
        self.column = column
        self.count = count
        self.positions = positions
    }
}

/// A phrase of a MATCH expression after tokenization: its terms in order; with `isPrefix`, the last one
/// matches every term that begins with its bytes.
public struct PhraseTerms: Sendable, Hashable {
    public var terms: [String]
    public var isPrefix: Bool

    public init(terms: [String], isPrefix: Bool) {
        self.terms = terms
        self.isPrefix = isPrefix
    }

    /// Whether matching the phrase needs its terms' positions (a phrase of one term needs only counts).
    public var needsPositions: Bool { terms.count > 1 }

    /// Whether `term` fills slot `index` of the phrase (prefixes compare bytes, as FTS5 does).
    public func accepts(_ term: String, at index: Int) -> Bool {
        isPrefix && index == terms.count - 1 ? term.utf8.starts(with: terms[index].utf8) : term == terms[index]
    }
}

/// What a row-level BM25 needs to know of the corpus it ranks in (all chunks, or those a caller may see).
public struct BM25Corpus: Sendable, Hashable {
    public var rows: Int
    public var tokens: Int
    public var documents: Int

    public init(rows: Int, tokens: Int, documents: Int) {
        self.rows = rows
        self.tokens = tokens
        self.documents = documents
    }
}

/// A chunk's full-text length (tokens over its four columns) and its document.
public struct ChunkLength: Sendable, Hashable {
    public var length: Int
    public var documentID: Int64

    public init(length: Int, documentID: Int64) {
        self.length = length
        self.documentID = documentID
    }
}

/// `footnote_bm25` (CFootnoteRank/ranking.c) computed from postings instead of inside FTS5, for a store that
/// keeps its own postings: the same phrase instances, the same Lucene IDF, the same per-column weights and
/// the same document side, so the same corpus gets the same scores on every store.
public struct PostingsRanking: Sendable {
    public let expression: MatchExpression
    /// Per phrase: chunk → instances in each of the four columns.
    public let instances: [[Int64: [Int]]]

    /// Counts each phrase's instances from `postings`, which must hold every posting of the phrases' terms
    /// (and of their prefixes) in the corpus being ranked.
    public init(expression: MatchExpression, phrases: [PhraseTerms], postings: [TermPosting]) {
        self.expression = expression
        var byTerm: [String: [TermPosting]] = [:]
        for posting in postings { byTerm[posting.term, default: []].append(posting) }
        instances = phrases.map { Self.instances(of: $0, byTerm: byTerm) }
    }

    /// Chunk → column → positions of each slot of `phrase`, then the start positions where every slot lines up.
    static func instances(of phrase: PhraseTerms, byTerm: [String: [TermPosting]]) -> [Int64: [Int]] {
        guard !phrase.terms.isEmpty else { return [:] }
        if !phrase.needsPositions {
            // One term (or one prefix): its instances are its occurrences, whatever their positions.
            var counts: [Int64: [Int]] = [:]
            let candidates = phrase.isPrefix ? byTerm.filter { phrase.accepts($0.key, at: 0) }.flatMap(\.value) : byTerm[phrase.terms[0]] ?? []
            for posting in candidates where (0..<4).contains(posting.column) && posting.count > 0 {
                counts[posting.chunkID, default: [0, 0, 0, 0]][posting.column] += posting.count
            }
            return counts
        }
        var slots: [[Int64: [Int: Set<Int>]]] = []
        for slot in phrase.terms.indices {
            var located: [Int64: [Int: Set<Int>]] = [:]
            let candidates = phrase.isPrefix && slot == phrase.terms.count - 1
                ? byTerm.filter { phrase.accepts($0.key, at: slot) }.flatMap(\.value)
                : byTerm[phrase.terms[slot]] ?? []
            for posting in candidates where (0..<4).contains(posting.column) {
                located[posting.chunkID, default: [:]][posting.column, default: []].formUnion(posting.positions)
            }
            slots.append(located)
        }
        var result: [Int64: [Int]] = [:]
        for (chunk, columns) in slots[0] {
            var counts = [0, 0, 0, 0]
            for (column, starts) in columns {
                counts[column] = starts.filter { start in
                    (1..<slots.count).allSatisfy { slots[$0][chunk]?[column]?.contains(start + $0) == true }
                }.count
            }
            if counts.contains(where: { $0 > 0 }) { result[chunk] = counts }
        }
        return result
    }

    /// Every chunk the expression matches, ascending.
    public func matchingChunks() -> [Int64] {
        var chunks = Set<Int64>()
        for phrase in instances { chunks.formUnion(phrase.keys) }
        // A disjunction matches every chunk holding one of its phrases: no tree to evaluate per chunk.
        if expression.isDisjunctionOfPhrases { return chunks.sorted() }
        return chunks.filter { chunk in expression.matches { instances[$0][chunk] != nil } }.sorted()
    }

    /// The score of each of `candidates` (which must match): `footnote_bm25` with `weights` and the query's
    /// `phraseWeights`. `lengths` must hold every chunk that holds a phrase, and `documentLengths` their documents.
    public func scores(
        for candidates: [Int64], lengths: [Int64: ChunkLength], documentLengths: [Int64: Int], corpus: BM25Corpus,
        weights: FieldWeights, phraseWeights: [Int]
    ) -> [Int64: Double] {
        let columnWeights = [weights.title, weights.heading, weights.body, weights.cjk]
        let phraseCount = instances.count
        // As ranking.c's phrase_weights: listed weights for the positive phrases, 0 for the NOT part.
        let positives = min(phraseWeights.count, phraseCount)
        let queryWeights = (0..<phraseCount).map { $0 < positives ? Double(max(phraseWeights[$0], 0)) : 0 }
        let averageLength = corpus.rows > 0 && corpus.tokens > 0 ? Double(corpus.tokens) / Double(corpus.rows) : 1
        let useDocuments = weights.document > 0
        let averageDocumentLength = corpus.documents > 0 && corpus.tokens > 0 ? Double(corpus.tokens) / Double(corpus.documents) : 1
        var idf = [Double](repeating: 0, count: phraseCount)
        var documentScores: [Int64: Double] = [:]
        for phrase in 0..<phraseCount {
            let hits = instances[phrase]
            idf[phrase] = (phrase < positives ? queryWeights[phrase] : 1) * Self.luceneIDF(Double(corpus.rows), Double(hits.count))
            guard useDocuments, phrase < positives, !hits.isEmpty else { continue }
            var perDocument: [Int64: (sum: Double, title: Double, heading: Double)] = [:]
            for (chunk, counts) in hits {
                guard let document = lengths[chunk]?.documentID else { continue }
                let weighted = (0..<4).map { Double(counts[$0]) * columnWeights[$0] }
                var entry = perDocument[document] ?? (0, 0, 0)
                entry.sum += weighted[2] + weighted[3]
                entry.title = max(entry.title, weighted[0])
                entry.heading = max(entry.heading, weighted[1])
                perDocument[document] = entry
            }
            let documentIDF = queryWeights[phrase] * Self.luceneIDF(Double(corpus.documents), Double(perDocument.count))
            for (document, entry) in perDocument {
                let length = Double(documentLengths[document] ?? 0)
                documentScores[document, default: 0] += Self.term(documentIDF, entry.sum + entry.title + entry.heading, length, averageDocumentLength)
            }
        }
        // One phrase's BM25 term in one chunk, and the chunk's share of its document's score (nil without one).
        func phraseTerm(_ phrase: Int, _ counts: [Int], _ chunk: Int64) -> Double {
            let frequency = (0..<4).reduce(0.0) { $0 + Double(counts[$1]) * columnWeights[$1] }
            return Self.term(idf[phrase], frequency, Double(lengths[chunk]?.length ?? 0), averageLength)
        }
        func documentTerm(_ chunk: Int64) -> Double? {
            guard useDocuments, let document = lengths[chunk]?.documentID else { return nil }
            return weights.document * (documentScores[document] ?? 0)
        }
        var scores: [Int64: Double] = [:]
        scores.reserveCapacity(candidates.count)
        if expression.isDisjunctionOfPhrases {
            // Every phrase a chunk holds is live: sum phrase by phrase over the instances (one lookup each)
            // instead of evaluating the tree per chunk. The terms are added in phrase order, as below, so the
            // sums are bit for bit the same.
            let wanted = Set(candidates)
            for chunk in candidates { scores[chunk] = 0 }
            for phrase in 0..<phraseCount {
                for (chunk, counts) in instances[phrase] where wanted.contains(chunk) {
                    scores[chunk, default: 0] += phraseTerm(phrase, counts, chunk)
                }
            }
            for chunk in candidates {
                if let extra = documentTerm(chunk) { scores[chunk, default: 0] += extra }
            }
            return scores
        }
        for chunk in candidates {
            let live = expression.livePhrases { instances[$0][chunk] != nil }
            var score = 0.0
            for phrase in 0..<phraseCount where live.contains(phrase) {
                guard let counts = instances[phrase][chunk] else { continue }
                score += phraseTerm(phrase, counts, chunk)
            }
            if let extra = documentTerm(chunk) { score += extra }
            scores[chunk] = score
        }
        return scores
    }

    static func term(_ idf: Double, _ frequency: Double, _ length: Double, _ averageLength: Double) -> Double {
        let k1 = 1.2, b = 0.75
        return idf * (frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * length / averageLength))
    }

    static func luceneIDF(_ rows: Double, _ hits: Double) -> Double {
        log(1 + (rows - hits + 0.5) / (hits + 0.5))
    }
}
