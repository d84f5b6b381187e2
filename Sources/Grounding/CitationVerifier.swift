import FootnoteCore

/// The smallest span of a passage that best supports a claim.
public struct SupportingSpan: Sendable, Hashable, Codable {
    /// Scalar range inside the passage text.
    public var localStart: Int
    public var localEnd: Int
    public var text: String
    /// Share of the claim's content terms found in the span (IDF-weighted when weights are given).
    public var overlap: Double
    /// Every number the claim states (digits or number words) also occurs in the span.
    public var numbersAgree: Bool = true
    /// Share (IDF-weighted) of the claim's terms that are not in the question — the detail the
    /// sentence adds, such as the answer's name or date — found in the span; 1 when it adds none.
    public var novelCoverage: Double = 1
    /// Share (IDF-weighted) of the claim's terms that are also the question's — what the sentence says
    /// about the answer, such as "fumbled the ball on 3rd-and-9" — found in the span; 1 when it shares none.
    public var contextCoverage: Double = 1
}

/// Checks each sentence of an answer against the passages it cites: content-word overlap between
/// the sentence and the best-matching window of one to three sentences of the passage, optionally
/// confirmed by embedding similarity. Resolves each citation to that smallest window as a
/// `footnote cite`-able id (`hit.start + local offset` in the hit's document version).
public struct CitationVerifier: Sendable, Hashable, Codable {
    /// A span supports a sentence when its overlap reaches this…
    public var overlapThreshold: Double
    /// …or when its overlap reaches `weakOverlapThreshold` and the embedding similarity reaches `similarityThreshold`.
    public var weakOverlapThreshold: Double
    public var similarityThreshold: Double
    /// The longest window considered, in sentences.
    public var maxWindow: Int
    /// A span must also contain at least this share of the terms the sentence adds to the question
    /// ("restated question + wrong answer" otherwise passes on the question's words alone).
    public var novelCoverageThreshold: Double
    /// …and at least this share of the terms the sentence shares with the question: a span that names
    /// the sentence's answer but not what the question asks about ("Kony Ealy fumbled the ball on
    /// 3rd-and-9" against a passage where Kony Ealy only had five sacks) does not back it.
    public var contextCoverageThreshold: Double = 0

    /// Fitted by `footnote calibrate ../shared/datasets/xquad-dev --verifier --model-url … --model qwen-0.5b`
    /// (1846 labelled pairs, 99 of them real answers of Qwen2.5-0.5B-Instruct), as the highest recall
    /// with precision ≥ 0.95 among settings that do not need similarity (so they hold with any
    /// embedding model, or none): overlap ≥ 0.45, three quarters of the sentence's new terms and 40%
    /// of the terms it shares with the question in the span — precision 0.952, recall 0.770 (held out
    /// by article: 0.946 / 0.754). The pairs include "misplaced answers" (the question restated with
    /// an answer found elsewhere in the article, against the passage holding that answer), the
    /// mistake the local model makes most ("Kony Ealy fumbled the ball" cited to a passage where Kony
    /// Ealy only had five sacks): the previous setting (0.35, new terms ≥ 0.5, no question-term rule)
    /// accepted 38% of them, for precision 0.731 (recall 0.918) on the same pairs. With MiniLM
    /// similarity the fit reaches 0.951 / 0.826 (overlap ≥ 0.65, or ≥ 0.10 with similarity ≥ 0.65),
    /// but that setting depends on the embedder's cosine scale.
    public static let `default` = CitationVerifier(overlapThreshold: 0.45, weakOverlapThreshold: 0.45, similarityThreshold: 0.6,
                                                   maxWindow: 3, novelCoverageThreshold: 0.75, contextCoverageThreshold: 0.4)

    public init(overlapThreshold: Double, weakOverlapThreshold: Double, similarityThreshold: Double, maxWindow: Int,
                novelCoverageThreshold: Double = 0, contextCoverageThreshold: Double = 0) {
        self.overlapThreshold = overlapThreshold
        self.weakOverlapThreshold = weakOverlapThreshold
        self.similarityThreshold = similarityThreshold
        self.maxWindow = maxWindow
        self.novelCoverageThreshold = novelCoverageThreshold
        self.contextCoverageThreshold = contextCoverageThreshold
    }

    /// The smallest window of `passage` (in sentences) that supports `claim` (coverage of its content
    /// terms ≥ `overlapThreshold`), else the window with the highest coverage; ties go to the earlier window.
    public func bestSpan(
        for claim: String, in passage: String, weights: [String: Double] = [:], questionTerms: Set<String> = []
    ) -> SupportingSpan? {
        let claimTerms = Set(TextUnits.contentTerms(claim))
        guard !claimTerms.isEmpty else { return nil }
        let scalars = Array(passage.unicodeScalars)
        let ranges = TextUnits.sentenceRanges(scalars)
        guard !ranges.isEmpty else { return nil }
        let sentenceTerms = ranges.map { Set(TextUnits.contentTerms(String(String.UnicodeScalarView(scalars[$0])))) }
        let total = Self.weight(of: claimTerms, weights)
        // The best window of each length (in sentences); the answer is the shortest length whose best
        // window supports the claim, else the best window overall.
        var bestByLength: [(score: Double, range: Range<Int>)?] = Array(repeating: nil, count: maxWindow + 1)
        for first in ranges.indices {
            var window = Set<String>()
            for last in first..<min(ranges.count, first + maxWindow) {
                window.formUnion(sentenceTerms[last])
                let covered = Self.weight(of: claimTerms.intersection(window), weights) / total
                let length = last - first + 1
                if let current = bestByLength[length], covered <= current.score + 1e-9 { continue }
                bestByLength[length] = (covered, ranges[first].lowerBound..<ranges[last].upperBound)
            }
        }
        let candidates = bestByLength.compactMap { $0 }
        let best = candidates.first { $0.score >= overlapThreshold }
            ?? candidates.reduce(nil as (score: Double, range: Range<Int>)?) { best, next in
                guard let best else { return next }
                return next.score > best.score + 1e-9 ? next : best
            }
        guard let best else { return nil }
        let text = String(String.UnicodeScalarView(scalars[best.range]))
        let spanTerms = Set(TextUnits.contentTerms(text))
        func coverage(_ terms: Set<String>) -> Double {
            let total = Self.weight(of: terms, weights)
            return total > 0 ? Self.weight(of: terms.intersection(spanTerms), weights) / total : 1
        }
        return SupportingSpan(localStart: best.range.lowerBound, localEnd: best.range.upperBound, text: text, overlap: best.score,
                              numbersAgree: Self.numbers(in: claim).isSubset(of: Self.numbers(in: text)),
                              novelCoverage: coverage(claimTerms.subtracting(questionTerms)),
                              contextCoverage: coverage(claimTerms.intersection(questionTerms)))
    }

    /// The summed weight of `terms` (1 for a term without one), added in sorted order: a `Set`'s order
    /// changes from run to run, and so would the last bits of the sum, flipping ties at a threshold.
    static func weight(of terms: Set<String>, _ weights: [String: Double]) -> Double {
        terms.sorted().reduce(0.0) { $0 + (weights[$1] ?? 1) }
    }

    private static let numberWords = [
        "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
        "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
        "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "hundred": "100",
    ]

    /// The numbers a text states, as digits ("four" → "4", "1,000" → "1000").
    static func numbers(in text: String) -> Set<String> {
        Set(TextUnits.words(text).compactMap { word in
            if let digits = numberWords[word] { return digits }
            return TextUnits.isNumeral(word) ? word : nil
        })
    }

    /// Whether an overlap (and a similarity, when known) supports a sentence; a span that lacks a
    /// number the sentence states never supports it ("intercepted 136 passes" is not backed by "four").
    public func supports(overlap: Double, similarity: Double?, numbersAgree: Bool = true, novelCoverage: Double = 1,
                         contextCoverage: Double = 1) -> Bool {
        guard numbersAgree, novelCoverage >= novelCoverageThreshold, contextCoverage >= contextCoverageThreshold else { return false }
        if overlap >= overlapThreshold { return true }
        if let similarity, overlap >= weakOverlapThreshold, similarity >= similarityThreshold { return true }
        return false
    }

    /// The `fn:` id of a span inside a hit: same document version, offsets shifted by the hit's start.
    public static func citationID(for hit: SearchHit, localStart: Int, localEnd: Int) -> String {
        guard let chunk = CitationID(hit.citation) else { return hit.citation }
        return CitationID(versionHash: chunk.versionPrefix, start: hit.start + localStart, end: hit.start + localEnd).description
    }

    /// Phrases by which an answer says the sources do not answer (no citation needed).
    public static func isNoAnswerStatement(_ sentence: String) -> Bool {
        let lower = sentence.lowercased()
        return ["do not answer", "does not answer", "don't answer", "do not contain", "does not contain", "do not mention",
                "does not mention", "do not provide", "does not provide", "not enough information", "cannot be answered",
                "no information", "do not say", "does not say", "not mentioned"].contains { lower.contains($0) }
    }

    /// Verifies parsed sentences against the numbered sources. `similarity` (optional) scores
    /// sentence/span pairs by embedding cosine; it is called once with every pair. `question` (when
    /// given) tells which of a sentence's terms are new information its citation must back.
    public func verify(
        _ sentences: [CitedSentence], sources: [AnswerSource], weights: [String: Double] = [:], question: String? = nil,
        similarity: (@Sendable ([(String, String)]) async throws -> [Double])? = nil
    ) async -> [AnswerSentence] {
        let questionTerms = Set(question.map(TextUnits.contentTerms) ?? [])
        var drafts: [(sentence: CitedSentence, spans: [(number: Int, span: SupportingSpan)])] = []
        for sentence in sentences {
            // No valid citation: look for support in every source, so a sentence copied from a source without a
            // marker is attributed by the verifier (marked as such), never by the model's say-so.
            let numbers = sentence.numbers.isEmpty && !Self.isNoAnswerStatement(sentence.text) ? sources.map(\.number) : sentence.numbers
            var spans = numbers.compactMap { number -> (Int, SupportingSpan)? in
                guard let source = sources.first(where: { $0.number == number }),
                      let span = bestSpan(for: sentence.text, in: source.hit.text, weights: weights, questionTerms: questionTerms) else { return nil }
                return (number, span)
            }
            if sentence.numbers.isEmpty {
                let best = spans.filter { supports(overlap: $0.1.overlap, similarity: nil, numbersAgree: $0.1.numbersAgree, novelCoverage: $0.1.novelCoverage,
                                                contextCoverage: $0.1.contextCoverage) }.max { $0.1.overlap < $1.1.overlap }
                spans = best.map { [$0] } ?? []
            }
            drafts.append((sentence, spans))
        }
        let pairs = drafts.flatMap { draft in draft.spans.map { (draft.sentence.text, $0.span.text) } }
        var scores: [Double]?
        if let similarity, !pairs.isEmpty { scores = try? await similarity(pairs) }
        var next = 0
        return drafts.map { draft in
            let citations = draft.spans.map { number, span -> AnswerCitation in
                let score = scores.flatMap { next < $0.count ? $0[next] : nil }
                next += 1
                let hit = sources.first { $0.number == number }?.hit
                return AnswerCitation(
                    number: number,
                    citation: hit.map { Self.citationID(for: $0, localStart: span.localStart, localEnd: span.localEnd) } ?? "",
                    chunkCitation: hit?.citation ?? "", quote: span.text, overlap: span.overlap, similarity: score,
                    supports: supports(overlap: span.overlap, similarity: score, numbersAgree: span.numbersAgree, novelCoverage: span.novelCoverage,
                                   contextCoverage: span.contextCoverage), attributed: draft.sentence.numbers.isEmpty)
                    .measured(novel: span.novelCoverage, context: span.contextCoverage)
            }
            let verdict: SupportVerdict
            if citations.contains(where: \.supports) {
                verdict = .supported
            } else if Self.isNoAnswerStatement(draft.sentence.text) {
                verdict = .noAnswer
            } else {
                verdict = citations.isEmpty ? .uncited : .unsupported
            }
            return AnswerSentence(text: draft.sentence.text, citations: citations, verdict: verdict,
                                  invalidNumbers: draft.sentence.invalidNumbers)
        }
    }
}
