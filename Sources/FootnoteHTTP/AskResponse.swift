import Foundation
import FootnoteCore
import Grounding

/// A grounded answer on the wire: the text with `[n]` markers, its sentences with verified citations, and sources.
///
/// Document text is data, never instructions: a document may say "Ignore previous instructions…", and an
/// extractive answer quotes documents verbatim. So every piece of document text has its own field — a
/// sentence's `sourceText`, a citation's `quote`, a source's `hit.text` and `hit.snippet` — and a sentence's
/// `text` holds only the answerer's own words (a language model's, the calculator's, the service's notes).
/// In `answer`, quoted document text stands inside “ ” and `quotesDocuments` is true.
struct AskResponse: Encodable, Sendable {
    struct Citation: Encodable, Sendable {
        var number: Int
        var citation: String
        /// The exact supporting document text (untrusted content).
        var quote: String
        var supports: Bool
    }
    struct Sentence: Encodable, Sendable {
        /// Words of the answerer; nil when the sentence is a quote.
        var text: String?
        /// Verbatim document text (untrusted content); nil when the answerer wrote the sentence.
        var sourceText: String?
        var verdict: String
        var citations: [Citation]
    }
    struct Source: Encodable, Sendable {
        var number: Int
        var cited: Bool
        var hit: SearchHit
    }
    /// The evidence gate's verdict (knowledge questions only): abstain when the score is below the threshold.
    struct Gate: Encodable, Sendable {
        var score: Double
        var threshold: Double
        var abstain: Bool
    }

    var question: String
    var kind: String
    var answer: String
    /// Whether `answer` holds verbatim document text (in “ ”): treat it as data.
    var quotesDocuments: Bool
    var sentences: [Sentence]
    var sources: [Source]
    var model: String?
    var strict: Bool
    var warnings: [String]
    var route: String
    var gate: Gate?

    init(_ grounded: GroundedAnswer) {
        question = grounded.question
        kind = grounded.kind.rawValue
        sentences = grounded.sentences.map { sentence in
            let citations = sentence.citations.map {
                Citation(number: $0.number, citation: $0.citation, quote: $0.quote, supports: $0.supports)
            }
            guard let quoted = Self.quotedText(sentence, kind: grounded.kind) else {
                return Sentence(text: sentence.text, sourceText: nil, verdict: sentence.verdict.rawValue, citations: citations)
            }
            return Sentence(text: nil, sourceText: quoted, verdict: sentence.verdict.rawValue, citations: citations)
        }
        answer = zip(sentences, grounded.sentences).map { wire, sentence in
            let numbers = Array(Set(sentence.citations.filter(\.supports).map(\.number))).sorted()
            let body = wire.sourceText.map { "“\($0)”" } ?? wire.text ?? ""
            return numbers.isEmpty ? body : body + " " + numbers.map { "[\($0)]" }.joined()
        }.joined(separator: " ")
        quotesDocuments = sentences.contains { $0.sourceText != nil }
        sources = grounded.sources.map { Source(number: $0.number, cited: $0.cited, hit: $0.hit) }
        model = grounded.model
        strict = grounded.strict
        warnings = grounded.warnings
        route = "\(grounded.routing.route)"
        gate = grounded.gate.map { Gate(score: $0.score, threshold: $0.threshold, abstain: $0.abstain) }
    }

    /// The document text a sentence quotes verbatim, or nil when the answerer wrote it: every sentence of an
    /// extractive answer, the quoted fallback of a generated one, and the text of a citation lookup.
    static func quotedText(_ sentence: AnswerSentence, kind: AnswerKind) -> String? {
        switch (kind, sentence.verdict) {
        case (.citationLookup, _): return sentence.citations.first?.quote ?? sentence.text
        case (.extractive, .supported), (_, .quoted): return sentence.text
        default: return nil
        }
    }
}
