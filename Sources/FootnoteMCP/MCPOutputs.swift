import Foundation
import FootnoteCore
import Grounding
import SearchIndex

/// `search` tool output: hits with their verified spans and citation ids.
struct SearchOutput: Codable, Sendable {
    var query: String
    var hits: [HitOutput]
}

/// One hit as an agent sees it.
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
    var text: String

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
        text = hit.text
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
        var text: String
    }

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
                  headingPath: chunk.span.headingPath, text: chunk.text)
        }
    }
}

/// `ask` tool output: the answer with `[n]` markers, its sentences' verified citations and the sources.
struct AskOutput: Codable, Sendable {
    struct Citation: Codable, Sendable {
        var number: Int
        var citation: String
        var quote: String
    }
    struct Sentence: Codable, Sendable {
        var text: String
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

    var question: String
    var kind: String
    var answer: String
    var sentences: [Sentence]
    var sources: [Source]
    var model: String?
    var gate: Gate?

    init(_ grounded: GroundedAnswer) {
        question = grounded.question
        kind = grounded.kind.rawValue
        answer = grounded.text
        sentences = grounded.sentences.map { sentence in
            Sentence(text: sentence.text, verdict: sentence.verdict.rawValue,
                     citations: sentence.citations.filter(\.supports).map { Citation(number: $0.number, citation: $0.citation, quote: $0.quote) })
        }
        sources = grounded.sources.map { Source(number: $0.number, cited: $0.cited, citation: $0.hit.citation, path: $0.hit.path) }
        model = grounded.model
        gate = grounded.gate.map { Gate(score: $0.score, threshold: $0.threshold, abstain: $0.abstain) }
    }
}
