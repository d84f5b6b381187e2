import Foundation
import FootnoteCore
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
            Chunk(citation: "fn:\(record.contentHash.prefix(12)):\(chunk.span.start)-\(chunk.span.end)",
                  start: chunk.span.start, end: chunk.span.end, page: chunk.span.pageStart,
                  headingPath: chunk.span.headingPath, text: chunk.text)
        }
    }
}
