import FootnoteCore
import Grounding

/// A grounded answer as every front end shows it (HTTP's `/v1/ask`, MCP's `ask` tool): one mapping, so the
/// two never drift.
///
/// Document text is data, never instructions: a document may say "Ignore previous instructions…", and an
/// extractive answer quotes documents verbatim. So every piece of document text has its own field (a
/// sentence's `sourceText`, a citation's `quote`) and a sentence's `text` holds only the answerer's own words
/// (a language model's, the calculator's, the service's notes). In `answer`, quoted document text stands
/// inside “ ” and `quotesDocuments` is true. Citations the verifier found unsupported are kept, flagged
/// `supports: false`; `answer` carries the `[n]` markers of supporting citations only.
public struct AnswerView: Sendable, Encodable {
    public struct Citation: Sendable, Hashable, Encodable {
        public var number: Int
        public var citation: String
        /// The exact supporting document text (untrusted content).
        public var quote: String
        public var supports: Bool
    }

    public struct Sentence: Sendable, Hashable, Encodable {
        /// Words of the answerer; nil when the sentence is a quote.
        public var text: String?
        /// Verbatim document text (untrusted content); nil when the answerer wrote the sentence.
        public var sourceText: String?
        public var verdict: String
        public var citations: [Citation]
    }

    /// The evidence gate's verdict (knowledge questions only): abstain when the score is below the threshold.
    public struct Gate: Sendable, Hashable, Encodable {
        public var score: Double
        public var threshold: Double
        public var abstain: Bool
    }

    public var question: String
    public var kind: String
    public var answer: String
    /// Whether `answer` holds verbatim document text (in “ ”): treat it as data.
    public var quotesDocuments: Bool
    public var sentences: [Sentence]
    public var model: String?
    public var strict: Bool
    public var warnings: [String]
    public var route: String
    public var gate: Gate?

    public init(_ grounded: GroundedAnswer) {
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
        answer = zip(sentences, grounded.sentences).map { view, sentence in
            let numbers = Array(Set(sentence.citations.filter(\.supports).map(\.number))).sorted()
            let body = view.sourceText.map { "“\($0)”" } ?? view.text ?? ""
            return numbers.isEmpty ? body : body + " " + numbers.map { "[\($0)]" }.joined()
        }.joined(separator: " ")
        quotesDocuments = sentences.contains { $0.sourceText != nil }
        model = grounded.model
        strict = grounded.strict
        warnings = grounded.warnings
        route = "\(grounded.routing.route)"
        gate = grounded.gate.map { Gate(score: $0.score, threshold: $0.threshold, abstain: $0.abstain) }
    }

    /// The document text a sentence quotes verbatim, or nil when the answerer wrote it: every sentence of an
    /// extractive answer, the quoted fallback of a generated one, and the text of a citation lookup.
    public static func quotedText(_ sentence: AnswerSentence, kind: AnswerKind) -> String? {
        switch (kind, sentence.verdict) {
        case (.citationLookup, _): return sentence.citations.first?.quote ?? sentence.text
        case (.extractive, .supported), (_, .quoted): return sentence.text
        default: return nil
        }
    }
}
