import Foundation
import FootnoteCore
import KnowledgeStore

/// What a caller may read of the catalogue. `accessGroups` is the caller's scope everywhere: nil sees every
/// document (the owner, the CLI); a list sees the documents without groups plus those of its groups. The rule
/// is the engine's SQL (the one search applies before top-k), so the front ends never re-implement it.
extension KnowledgeBase {
    /// Documents visible to the caller, sorted by path; only those at or under `prefix` when given.
    public func documents(under prefix: String? = nil, accessGroups: [String]?) throws -> [DocumentRecord] {
        try store.documents(under: prefix, accessGroups: accessGroups)
    }

    /// The document with this id, or nil when there is none or the caller may not see it.
    public func document(id: Int64, accessGroups: [String]?) throws -> DocumentRecord? {
        try store.document(id: id, accessGroups: accessGroups)
    }

    /// The document stored at exactly `path`, or nil when there is none or the caller may not see it.
    public func document(path: String, accessGroups: [String]?) throws -> DocumentRecord? {
        try store.document(path: path, accessGroups: accessGroups)
    }

    /// A visible document's chunks in reading order (empty when the caller may not see it).
    public func chunks(documentID: Int64, accessGroups: [String]?) throws -> [ChunkRecord] {
        guard try document(id: documentID, accessGroups: accessGroups) != nil else { return [] }
        return try store.chunks(documentID: documentID)
    }

    /// The canonical text of a visible document's current version (the text every citation span points into).
    public func canonicalText(of document: DocumentRecord, accessGroups: [String]?) throws -> String? {
        guard try self.document(id: document.id, accessGroups: accessGroups) != nil else { return nil }
        return try store.versions(hashPrefix: document.contentHash).first { $0.id == document.versionID }?.canonicalText
    }

    /// Removes a document (its chunks, vectors' references and groups) from the index; the file is untouched.
    public func remove(documentID: Int64) throws {
        try store.removeDocument(id: documentID)
    }

    /// Records `folder` as one that a bare `footnote sync` rescans.
    public func rememberFolder(_ folder: String) throws {
        try store.addRoot(folder)
    }

    /// Whole-index counts (documents, versions, chunks, vectors, file size): for the owner and for gauges.
    public func statistics() throws -> IndexStatistics {
        try store.statistics()
    }

    /// How many schema migrations the index file has applied (a health check that reads the file).
    public func appliedMigrationCount() throws -> Int {
        try store.appliedMigrations().count
    }

    /// Counts for the caller: the whole index's for an unscoped caller, else over the visible documents only
    /// (versions, file size and vectors are then not reported: they would describe documents the caller cannot see).
    public func statistics(accessGroups: [String]?) throws -> VisibleStatistics {
        guard let accessGroups else {
            let stats = try store.statistics()
            return VisibleStatistics(
                scope: "index", documents: stats.documents, chunks: stats.chunks, documentsByFormat: stats.documentsByFormat,
                chunksByFormat: stats.chunksByFormat, versions: stats.versions, fileBytes: stats.fileBytes)
        }
        let visible = try store.documents(accessGroups: accessGroups)
        var documentsByFormat: [String: Int] = [:]
        var chunksByFormat: [String: Int] = [:]
        for document in visible {
            documentsByFormat[document.format.rawValue, default: 0] += 1
            chunksByFormat[document.format.rawValue, default: 0] += document.chunkCount
        }
        return VisibleStatistics(
            scope: "visible", documents: visible.count, chunks: visible.reduce(0) { $0 + $1.chunkCount },
            documentsByFormat: documentsByFormat, chunksByFormat: chunksByFormat, versions: nil, fileBytes: nil)
    }
}

/// Catalogue counts as one caller may see them.
public struct VisibleStatistics: Sendable, Hashable, Codable {
    /// "index" (everything) or "visible" (the caller's documents only).
    public var scope: String
    public var documents: Int
    public var chunks: Int
    public var documentsByFormat: [String: Int]
    public var chunksByFormat: [String: Int]
    public var versions: Int?
    public var fileBytes: Int64?
}
