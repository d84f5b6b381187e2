
/// How an answer was produced.
public enum AnswerKind: String, Sendable, Hashable, Codable {
    /// Sentences quoted from the top passages (no language model, or one that only chose the sentence: `--reader`).
    case extractive
    /// Written by a language model from the numbered sources, then verified.
    case generated
    /// Computed by the calculator tool.
    case calculator
    /// A canned reply to small talk.
    case smallTalk = "small_talk"
    /// The text of the citation ids the question named.
    case citationLookup = "citation_lookup"
    /// The evidence gate found no passage that answers the question.
    case abstained
}

/// Whether a sentence is backed by the passages it cites.
public enum SupportVerdict: String, Sendable, Hashable, Codable {
    /// A cited passage holds a span that supports the sentence.
    case supported
    /// It cites passages, but none supports it.
    case unsupported
    /// It cites nothing (or only numbers outside the sources).
    case uncited
    /// It says the sources do not answer; needs no citation.
    case noAnswer = "no_answer"
    /// Computed by a tool (the calculator) or quoted by id (citation lookup): exact by construction.
    case exact
    /// Small talk: not a claim about the documents.
    case notAClaim = "not_a_claim"
    /// Quoted from a source by the extractive answerer after no sentence of the model's answer was
    /// backed: the sources' own words, so the reader still gets verified evidence.
    case quoted
}

/// One verified citation: the smallest span of a source that supports a sentence, citable with `footnote cite`.
public struct AnswerCitation: Sendable, Hashable, Codable {
    /// The source's number in the prompt and in the answer (`[n]`).
    public var number: Int
    /// `fn:` id of the smallest supporting span (a sentence or a few of them inside the chunk).
    public var citation: String
    /// `fn:` id of the whole retrieved chunk.
    public var chunkCitation: String
    /// The exact supporting text.
    public var quote: String
    /// Share of the sentence's content words found in the span (0…1).
    public var overlap: Double
    /// Cosine similarity of sentence and span embeddings, when an embedder was available.
    public var similarity: Double?
    /// Whether this span supports the sentence on its own.
    public var supports: Bool
    /// True when the model wrote no citation and the verifier found this supporting source itself.
    public var attributed: Bool = false
    /// Shares of the sentence's new terms (its answer) and of the terms it shares with the question
    /// found in the span, when the verifier measured them (see `SupportingSpan`).
    public var novelCoverage: Double?
    public var contextCoverage: Double?

    public init(
        number: Int, citation: String, chunkCitation: String, quote: String, overlap: Double, similarity: Double? = nil,
        supports: Bool, attributed: Bool = false
    ) {
        self.attributed = attributed
        self.number = number
        self.citation = citation
        self.chunkCitation = chunkCitation
        self.quote = quote
        self.overlap = overlap
        self.similarity = similarity
        self.supports = supports
    }
}

extension AnswerCitation {
    /// This citation with the verifier's coverage measures.
    package func measured(novel: Double, context: Double) -> AnswerCitation {
        var copy = self
        copy.novelCoverage = novel
        copy.contextCoverage = context
        return copy
    }
}

/// How the extractive answerer chose and widened a quote, for `--explain` and the JSON.
public struct QuoteSelection: Sendable, Hashable, Codable {
    /// The best-scoring sentence, the one the quote is built around.
    public var sentence: String
    /// Its score: `coverage` + the answerer's similarity weight × `cosine`, less 0.01 per passage rank.
    public var score: Double
    /// IDF-weighted share of the question's terms in the sentence (a label's terms above it at half weight).
    public var coverage: Double
    /// Cosine between the question and the sentence, when vectors were used.
    public var cosine: Double?
    /// The next-best sentence with other words (a copy of the best one is skipped) and its score, when there was one.
    public var runnerUp: String?
    public var runnerUpScore: Double?
    /// Sentences of the passage the quote took because they scored within the margin of the best.
    public var widenedBy: Int
    /// Whether the quote took the sentence after it.
    public var nextSentence: Bool
    /// Whether the quote took the sentence before it, which names what its opening pronoun means.
    public var antecedent: Bool

    public init(sentence: String, score: Double, coverage: Double, cosine: Double?, runnerUp: String?, runnerUpScore: Double?,
                widenedBy: Int, nextSentence: Bool, antecedent: Bool) {
        self.sentence = sentence
        self.score = score
        self.coverage = coverage
        self.cosine = cosine
        self.runnerUp = runnerUp
        self.runnerUpScore = runnerUpScore
        self.widenedBy = widenedBy
        self.nextSentence = nextSentence
        self.antecedent = antecedent
    }
}

/// One sentence of an answer with its citations and verdict.
public struct AnswerSentence: Sendable, Hashable, Codable {
    /// The sentence without citation markers.
    public var text: String
    public var citations: [AnswerCitation]
    public var verdict: SupportVerdict
    /// Citation numbers the model wrote that name no source: never shown as citations.
    public var invalidNumbers: [Int]
    /// How an extractive quote was chosen (extractive answers only).
    public var selection: QuoteSelection?

    public init(text: String, citations: [AnswerCitation], verdict: SupportVerdict, invalidNumbers: [Int] = []) {
        self.text = text
        self.citations = citations
        self.verdict = verdict
        self.invalidNumbers = invalidNumbers
    }
}

/// A numbered source as the prompt (or the extractive answerer) saw it.
public struct AnswerSource: Sendable, Hashable, Codable {
    public var number: Int
    public var hit: SearchHit
    /// Whether a shown sentence cites it.
    public var cited: Bool

    public init(number: Int, hit: SearchHit, cited: Bool = false) {
        self.number = number
        self.hit = hit
        self.cited = cited
    }
}

/// Wall-clock milliseconds per stage of `ask`.
public struct StageTimings: Sendable, Hashable, Codable {
    public var route: Double = 0
    public var retrieve: Double = 0
    public var gate: Double = 0
    public var generate: Double = 0
    public var verify: Double = 0

    public init() {}
}

/// A passage left out of an answer's sources because it repeats one of them (the same page kept as HTML and as
/// PDF, a file copied into two folders).
public struct SkippedCopy: Sendable, Hashable, Codable {
    public var path: String
    public var page: Int?
    public var citation: String
    /// The number of the source it repeats.
    public var repeats: Int

    public init(path: String, page: Int?, citation: String, repeats: Int) {
        self.path = path
        self.page = page
        self.citation = citation
        self.repeats = repeats
    }
}

/// A grounded answer: every shown sentence with the exact spans that support it, the sources,
/// and every decision that led there (route, gate, model, verification).
public struct GroundedAnswer: Sendable, Hashable, Codable {
    public var question: String
    public var kind: AnswerKind
    public var routing: RoutingDecision
    /// The evidence gate's decision (knowledge questions only).
    public var gate: GateDecision?
    /// The sentences shown (with `strict`, unsupported ones are already removed).
    public var sentences: [AnswerSentence]
    /// Sentences removed by `strict` because no cited span supports them.
    public var droppedSentences: [AnswerSentence]
    /// The numbered sources (prompt order); for an abstention, the nearest passages.
    public var sources: [AnswerSource]
    /// The model that wrote the draft, for generated answers.
    public var model: String?
    /// The model's raw draft before verification (for `--explain`).
    public var draft: String?
    public var strict: Bool
    public var timings: StageTimings
    /// Notes for the reader, e.g. citation numbers that named no source.
    public var warnings: [String]
    /// Passages the answer did not read because they repeat a source (the same page in another file).
    public var skippedCopies: [SkippedCopy] = []

    public init(
        question: String, kind: AnswerKind, routing: RoutingDecision, gate: GateDecision? = nil,
        sentences: [AnswerSentence] = [], droppedSentences: [AnswerSentence] = [], sources: [AnswerSource] = [],
        model: String? = nil, draft: String? = nil, strict: Bool = false, timings: StageTimings = .init(), warnings: [String] = []
    ) {
        self.question = question
        self.kind = kind
        self.routing = routing
        self.gate = gate
        self.sentences = sentences
        self.droppedSentences = droppedSentences
        self.sources = sources
        self.model = model
        self.draft = draft
        self.strict = strict
        self.timings = timings
        self.warnings = warnings
    }

    /// The answer as text, each sentence followed by its supported citation numbers (`[1][3]`).
    public var text: String {
        sentences.map { sentence in
            let numbers = Array(Set(sentence.citations.filter(\.supports).map(\.number))).sorted()
            let markers = numbers.map { "[\($0)]" }.joined()
            return markers.isEmpty ? sentence.text : "\(sentence.text) \(markers)"
        }.joined(separator: " ")
    }

    /// Every citation shown with a supported sentence.
    public var shownCitations: [AnswerCitation] {
        sentences.flatMap { $0.citations.filter(\.supports) }
    }
}
