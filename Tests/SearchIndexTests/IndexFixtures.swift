import FootnoteCore
import Foundation
@testable import SearchIndex
@testable import KnowledgeStore
import TestSupport

/// Builds small indexes from plain strings: each paragraph (blank-line separated) becomes one chunk.
struct IndexFixture {
    let directory: TemporaryDirectory
    let index: SearchIndex

    init() throws {
        directory = try TemporaryDirectory(prefix: "footnote-index")
        index = try SearchIndex(path: directory.url.appendingPathComponent("test.sqlite").path)
    }

    @discardableResult
    func add(path: String, title: String? = nil, format: DocumentFormat = .text, text: String) throws -> Int64 {
        try index.writeVersion(Self.input(path: path, title: title, format: format, text: text))
    }

    static func input(path: String, title: String?, format: DocumentFormat, text: String) -> DocumentVersionInput {
        let document = ParsedDocument(format: format, title: title, text: text)
        var chunks: [ChunkDraft] = []
        var offset = 0
        for paragraph in text.components(separatedBy: "\n\n") {
            let length = paragraph.unicodeScalars.count
            if !paragraph.isEmpty {
                chunks.append(ChunkDraft(
                    ordinal: chunks.count, span: SourceSpan(start: offset, end: offset + length, headingPath: ["Section"]),
                    text: paragraph, tokenCount: paragraph.split(separator: " ").count))
            }
            offset += length + 2
        }
        return DocumentVersionInput(path: path, size: Int64(text.utf8.count), mtime: 1, contentHash: SHA256.hex(text),
                                    document: document, chunks: chunks)
    }
}
