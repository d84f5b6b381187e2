import Foundation
import FootnoteCore
import KnowledgeStore

/// Whether the file a citation points at still holds the cited version.
public enum DriftStatus: String, Sendable, Hashable, Codable {
    /// The file on disk has exactly the cited version's content.
    case current
    /// The file exists but its content differs from the cited version.
    case changed
    /// The file is gone.
    case missing
}

/// A resolved citation: the exact cited text with its context and coordinates.
public struct CitationView: Sendable, Hashable, Codable {
    public var citation: String
    public var path: String
    public var format: DocumentFormat
    public var title: String?
    public var span: SourceSpan
    public var text: String
    public var contextBefore: String
    public var contextAfter: String
    /// Whether the cited version is still the index's current version of the document.
    public var isCurrentVersion: Bool
    public var drift: DriftStatus
    public var versionHash: String
}

extension KnowledgeBase {
    /// Resolves `fn:<hash>:<start>-<end>` to the exact text, context (`contextLength` characters each
    /// side), coordinates, and whether the file on disk still matches that version.
    /// With `accessGroups`, only versions of documents visible to those groups resolve (others are
    /// reported as not found, so a caller learns nothing about them).
    public func cite(_ idText: String, contextLength: Int = 200, accessGroups: [String]? = nil) throws -> CitationView {
        let trimmed = idText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = CitationID(trimmed) else { throw FootnoteError.invalidCitation(trimmed) }
        var candidates = try store.versions(hashPrefix: id.versionPrefix)
        if let accessGroups {
            let visible = Set(try store.documents(accessGroups: accessGroups).map(\.id))
            candidates = candidates.filter { $0.documentID.map(visible.contains) ?? false }
        }
        guard let version = candidates.first else {
            throw FootnoteError.citationNotFound(trimmed)
        }
        let scalars = Array(version.canonicalText.unicodeScalars)
        guard id.end <= scalars.count else {
            throw FootnoteError.citationOutOfRange(id: trimmed, length: scalars.count)
        }
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        let map = CoordinateMap(text: version.canonicalText, format: version.format, pages: version.pages, headings: version.headings)
        return CitationView(
            citation: id.description, path: version.path, format: version.format, title: version.title,
            span: map.span(start: id.start, end: id.end),
            text: text(id.start..<id.end),
            contextBefore: text(max(0, id.start - contextLength)..<id.start),
            contextAfter: text(id.end..<min(scalars.count, id.end + contextLength)),
            isCurrentVersion: version.isCurrent,
            drift: Self.drift(path: version.path, expectedHash: version.contentHash),
            versionHash: version.contentHash)
    }

    static func drift(path: String, expectedHash: String) -> DriftStatus {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) else { return .missing }
        return SHA256.hex(data) == expectedHash ? .current : .changed
    }
}
