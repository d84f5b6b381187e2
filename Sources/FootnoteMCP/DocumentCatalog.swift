import Foundation
import Footnote
import MCP
import SearchIndex

/// Documents visible to the agent, as MCP resources (`footnote://documents/<id>`, the current version's text).
struct DocumentCatalog: Sendable {
    let knowledgeBase: KnowledgeBase
    let accessGroups: [String]?
    static let pageSize = 100
    static let uriPrefix = "footnote://documents/"

    /// A document by id or path, if the agent may see it (the engine's visibility rule decides).
    func visibleDocument(id: Int64?, path: String?) throws -> DocumentRecord? {
        let record: DocumentRecord?
        if let id { record = try knowledgeBase.index.document(id: id) } else if let path {
            record = try knowledgeBase.index.document(path: path)
        } else { record = nil }
        guard let record else { return nil }
        guard let accessGroups else { return record }
        return try knowledgeBase.index.documents(accessGroups: accessGroups).contains { $0.id == record.id } ? record : nil
    }

    /// One page of resources; the cursor is the offset of the next page (a non-negative integer).
    func list(cursor: String?) throws -> ListResources.Result {
        var offset = 0
        if let cursor {
            guard let value = Int(cursor), value >= 0 else { throw FootnoteMCPError.invalidCursor(cursor) }
            offset = value
        }
        let documents = try knowledgeBase.index.documents(accessGroups: accessGroups)
        let page = documents.dropFirst(offset).prefix(Self.pageSize)
        let resources = page.map { document in
            Resource(
                name: URL(fileURLWithPath: document.path).lastPathComponent, uri: Self.uriPrefix + String(document.id),
                title: document.title, description: "\(document.format.rawValue) · \(document.path)", mimeType: "text/plain",
                size: Int(document.size))
        }
        let next = offset + page.count < documents.count ? String(offset + page.count) : nil
        return ListResources.Result(resources: resources, nextCursor: next)
    }

    /// The canonical text of a document's current version (the text every citation span points into).
    func read(uri: String) throws -> ReadResource.Result {
        guard uri.hasPrefix(Self.uriPrefix), let id = Int64(uri.dropFirst(Self.uriPrefix.count)) else {
            throw FootnoteMCPError.unknownResource(uri)
        }
        guard let record = try visibleDocument(id: id, path: nil),
              let version = try knowledgeBase.index.versions(hashPrefix: record.contentHash).first(where: { $0.id == record.versionID }) else {
            throw FootnoteMCPError.unknownResource(uri)
        }
        return ReadResource.Result(contents: [.text(version.canonicalText, uri: uri, mimeType: "text/plain")])
    }
}
