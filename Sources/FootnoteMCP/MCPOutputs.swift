import Foundation
import Footnote
import FootnoteCore

/// `search` tool output: hits with their verified spans and citation ids.
struct SearchOutput: Codable, Sendable {
    var note = SourceText.note
    var query: String
    var hits: [HitOutput]
}

/// One hit as an agent sees it; `sourceText` is the passage, document content (data, not instructions).
struct HitOutput: Codable, Sendable {
    var citation: String
    var path: String
    var title: String?
    var format: String
    var page: Int?
    var headingPath: [String]
    var lineStart: Int?
    var lineEnd: Int?
    var start: Int
    var end: Int
    var score: Double
    var sourceText: String

    init(_ hit: SearchHit) {
        citation = hit.citation
        path = hit.path
        title = hit.title
        format = hit.format.rawValue
        page = hit.page
        headingPath = hit.headingPath
        lineStart = hit.lineStart
        lineEnd = hit.lineEnd
        start = hit.start
        end = hit.end
        score = hit.score
        sourceText = hit.text
    }
}

/// `get_document` tool output.
struct DocumentOutput: Codable, Sendable {
    struct Chunk: Codable, Sendable {
        var citation: String
        var start: Int
        var end: Int
        var page: Int?
        var headingPath: [String]
        var sourceText: String
    }

    var note = SourceText.note
    var id: Int64
    var path: String
    var title: String?
    var format: String
    var contentHash: String
    var chunkCount: Int
    var accessGroups: [String]
    var chunks: [Chunk]

    init(record: DocumentRecord, chunks: [ChunkRecord]) {
        id = record.id
        path = record.path
        title = record.title
        format = record.format.rawValue
        contentHash = record.contentHash
        chunkCount = record.chunkCount
        accessGroups = record.accessGroups
        self.chunks = chunks.map { chunk in
            Chunk(citation: CitationID(versionHash: record.contentHash, start: chunk.span.start, end: chunk.span.end).description,
                  start: chunk.span.start, end: chunk.span.end, page: chunk.span.pageStart,
                  headingPath: chunk.span.headingPath, sourceText: chunk.text)
        }
    }
}

/// `ask` tool output: `AnswerView` (the mapping HTTP shares), with document text named `sourceText` as in
/// every MCP output: a sentence that quotes a document has `sourceText` and no `text`; a citation's exact span
/// is its `sourceText`. Citations the verifier found unsupported stay, flagged `supports: false`.
struct AskOutput: Codable, Sendable {
    struct Citation: Codable, Sendable {
        var number: Int
        var citation: String
        /// The exact span quoted from the document.
        var sourceText: String
        var supports: Bool
    }
    struct Sentence: Codable, Sendable {
        /// Words of the answerer; nil when the sentence is a quote.
        var text: String?
        /// Verbatim document text; nil when the answerer wrote the sentence.
        var sourceText: String?
        var verdict: String
        var citations: [Citation]
    }
    struct Source: Codable, Sendable {
        var number: Int
        var cited: Bool
        var citation: String
        var path: String
    }

    /// The evidence gate's verdict (knowledge questions only).
    struct Gate: Codable, Sendable {
        var score: Double
        var threshold: Double
        var abstain: Bool
    }

    var note = SourceText.note
    var question: String
    var kind: String
    var answer: String
    /// Whether `answer` holds verbatim document text (in “ ”).
    var quotesDocuments: Bool
    var sentences: [Sentence]
    var sources: [Source]
    var model: String?
    var strict: Bool
    var warnings: [String]
    var gate: Gate?

    init(_ grounded: GroundedAnswer) {
        let view = AnswerView(grounded)
        question = view.question
        kind = view.kind
        answer = view.answer
        quotesDocuments = view.quotesDocuments
        sentences = view.sentences.map { sentence in
            Sentence(text: sentence.text, sourceText: sentence.sourceText, verdict: sentence.verdict, citations: sentence.citations.map {
                Citation(number: $0.number, citation: $0.citation, sourceText: $0.quote, supports: $0.supports)
            })
        }
        sources = grounded.sources.map { Source(number: $0.number, cited: $0.cited, citation: $0.hit.citation, path: $0.hit.path) }
        model = view.model
        strict = view.strict
        warnings = view.warnings
        gate = view.gate.map { Gate(score: $0.score, threshold: $0.threshold, abstain: $0.abstain) }
    }
}

/// `cite` tool output: the cited span (`sourceText`) with its context, coordinates and drift.
struct CiteOutput: Codable, Sendable {
    var note = SourceText.note
    var citation: String
    var path: String
    var format: String
    var title: String?
    var span: SourceSpan
    var sourceText: String
    var contextBefore: String
    var contextAfter: String
    var isCurrentVersion: Bool
    var drift: String
    var versionHash: String

    init(_ view: CitationView) {
        citation = view.citation
        path = view.path
        format = view.format.rawValue
        title = view.title
        span = view.span
        sourceText = view.text
        contextBefore = view.contextBefore
        contextAfter = view.contextAfter
        isCurrentVersion = view.isCurrentVersion
        drift = view.drift.rawValue
        versionHash = view.versionHash
    }
}
