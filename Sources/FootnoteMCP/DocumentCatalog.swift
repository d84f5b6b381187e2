import Foundation
import Footnote
import MCP
import FootnoteCore

/// Documents visible to the agent, as MCP resources (`footnote://documents/<id>`, the current version's text).
struct DocumentCatalog: Sendable {
    let knowledgeBase: KnowledgeBase
    let accessGroups: [String]?
    static let pageSize = 100
    static let uriPrefix = "footnote://documents/"

    /// A document by id or path, if the agent may see it (the engine's visibility rule decides).
    func visibleDocument(id: Int64?, path: String?) throws -> DocumentRecord? {
        if let id { return try knowledgeBase.document(id: id, accessGroups: accessGroups) }
        if let path { return try knowledgeBase.document(path: path, accessGroups: accessGroups) }
        return nil
    }

    /// One page of resources; the cursor is the offset of the next page (a non-negative integer).
    func list(cursor: String?) throws -> ListResources.Result {
        var offset = 0
        if let cursor {
            guard let value = Int(cursor), value >= 0 else { throw FootnoteMCPError.invalidCursor(cursor) }
            offset = value
        }
        let documents = try knowledgeBase.documents(accessGroups: accessGroups)
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
              let text = try knowledgeBase.canonicalText(of: record, accessGroups: accessGroups) else {
            throw FootnoteMCPError.unknownResource(uri)
        }
        return ReadResource.Result(contents: [.text(text, uri: uri, mimeType: "text/plain")])
    }
}
