import Foundation
import FootnoteCore
import Footnote
import Grounding

/// A grounded answer on the wire: `AnswerView` (the mapping every front end shares; see it for how document
/// text is kept apart from the answerer's words) plus the sources with their full hits.
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
        let view = AnswerView(grounded)
        question = view.question
        kind = view.kind
        answer = view.answer
        quotesDocuments = view.quotesDocuments
        sentences = view.sentences.map { sentence in
            Sentence(text: sentence.text, sourceText: sentence.sourceText, verdict: sentence.verdict, citations: sentence.citations.map {
                Citation(number: $0.number, citation: $0.citation, quote: $0.quote, supports: $0.supports)
            })
        }
        sources = grounded.sources.map { Source(number: $0.number, cited: $0.cited, hit: $0.hit) }
        model = view.model
        strict = view.strict
        warnings = view.warnings
        route = view.route
        gate = view.gate.map { Gate(score: $0.score, threshold: $0.threshold, abstain: $0.abstain) }
    }
}
