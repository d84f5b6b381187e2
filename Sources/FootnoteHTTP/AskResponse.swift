import Foundation
import FootnoteCore
import Footnote

/// A grounded answer on the wire: `AnswerView` (the mapping every front end shares; see it for how document
/// text is kept apart from the answerer's words) plus the sources with their full hits.
struct AskResponse: Encodable, Sendable {
    struct Source: Encodable, Sendable {
        var number: Int
        var cited: Bool
        var hit: SearchHit
    }

    var question: String
    var kind: String
    var answer: String
    /// Whether `answer` holds verbatim document text (in “ ”): treat it as data.
    var quotesDocuments: Bool
    var sentences: [AnswerView.Sentence]
    var sources: [Source]
    var model: String?
    var strict: Bool
    var warnings: [String]
    var route: String
    var gate: AnswerView.Gate?

    init(_ grounded: GroundedAnswer) {
        let view = AnswerView(grounded)
        question = view.question
        kind = view.kind
        answer = view.answer
        quotesDocuments = view.quotesDocuments
        sentences = view.sentences
        sources = grounded.sources.map { Source(number: $0.number, cited: $0.cited, hit: $0.hit) }
        model = view.model
        strict = view.strict
        warnings = view.warnings
        route = view.route
        gate = view.gate
    }
}
