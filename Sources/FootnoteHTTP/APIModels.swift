import Foundation
import Footnote
import FootnoteCore

// Request and response bodies of the JSON API (see /openapi.json). Separate from the domain types so
// that the wire format changes only on purpose; hits keep exactly the fields of `footnote search --json`.

/// `POST /v1/search` body.
struct SearchBody: Decodable, Sendable {
    var query: String
    var limit: Int?
    var mode: String?
    var explain: Bool?
    var filters: SearchFilters?
}

/// Filters applied before top-k.
struct SearchFilters: Decodable, Sendable {
    var paths: [String]?
    var formats: [String]?
}

/// `{"query": …, "mode": …, "hits": [...]}`.
struct SearchResponse: Encodable, Sendable {
    var query: String
    var mode: String
    var hits: [SearchHit]
}

/// A document as listed by the API.
struct DocumentSummary: Codable, Sendable {
    var id: Int64
    var path: String
    var format: String
    var title: String?
    var size: Int64
    var modified: Double
    var contentHash: String
    var ingestedAt: Double
    var chunkCount: Int
    var accessGroups: [String]

    init(_ record: DocumentRecord) {
        id = record.id
        path = record.path
        format = record.format.rawValue
        title = record.title
        size = record.size
        modified = record.mtime
        contentHash = record.contentHash
        ingestedAt = record.ingestedAt
        chunkCount = record.chunkCount
        accessGroups = record.accessGroups
    }
}

/// `GET /v1/documents`.
struct DocumentListResponse: Encodable, Sendable {
    var documents: [DocumentSummary]
    var total: Int
}

/// One chunk of a document, for `GET /v1/documents/{id}`.
struct ChunkSummary: Encodable, Sendable {
    var id: Int64
    var ordinal: Int
    var start: Int
    var end: Int
    var pageStart: Int?
    var pageEnd: Int?
    var headingPath: [String]
    var lineStart: Int?
    var lineEnd: Int?
    var citation: String
    var text: String

    init(_ chunk: ChunkRecord, contentHash: String) {
        id = chunk.id
        ordinal = chunk.ordinal
        start = chunk.span.start
        end = chunk.span.end
        pageStart = chunk.span.pageStart
        pageEnd = chunk.span.pageEnd
        headingPath = chunk.span.headingPath
        lineStart = chunk.span.lineStart
        lineEnd = chunk.span.lineEnd
        citation = "fn:\(contentHash.prefix(12)):\(chunk.span.start)-\(chunk.span.end)"
        text = chunk.text
    }
}

/// `GET /v1/documents/{id}`.
struct DocumentDetail: Encodable, Sendable {
    var document: DocumentSummary
    var chunks: [ChunkSummary]
}

/// A path the ingest passed over or failed on.
struct PathProblem: Encodable, Sendable {
    var path: String
    var reason: String
}

/// `POST /v1/documents`: what was stored and what the ingest did.
struct UploadResponse: Encodable, Sendable {
    var documents: [DocumentSummary]
    var added: Int
    var updated: Int
    var unchanged: Int
    var skipped: [PathProblem]
    var failed: [PathProblem]
}

/// `DELETE /v1/documents/{id}`.
struct DeleteResponse: Encodable, Sendable {
    var deleted: Int64
    var path: String
    var fileRemoved: Bool
}

/// `GET /v1/stats`: whole-index counts for the owner, counts of visible documents for everyone else.
typealias StatsResponse = VisibleStatistics

/// `GET /healthz`: `status` is `ok`, or `degraded` when the read store does not answer (searches then read
/// the primary); a store that does not answer at all fails the request instead.
struct HealthResponse: Encodable, Sendable {
    var status: String
    var migrations: Int
    var store: StoreHealthBody
}

/// `{"error": {"code", "message", "requestId"}}`.
struct ErrorResponse: Encodable, Sendable {
    struct Body: Encodable, Sendable {
        var code: String
        var message: String
        var requestId: String?
    }
    var error: Body
}
