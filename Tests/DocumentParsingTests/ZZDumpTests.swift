import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Test("dump") func dump() throws {
    for path in ["sqlite-docs/wal.html", "docx/atomiccommit.docx", "pdf/lockingv3.pdf", "notes/sqlite-storage-notes.md"] {
        let doc = try DocumentParser().parse(fileAt: ParsingTestFiles.corpus(path))
        let chunks = Chunker().chunk(doc)
        var out = "TITLE \(doc.title ?? "-") blocks \(doc.blocks.count) headings \(doc.headings.count) chunks \(chunks.count)\n"
        for c in chunks.prefix(12) {
            out += "---- #\(c.ordinal) tok \(c.tokenCount) pages \(c.span.pageStart ?? 0)-\(c.span.pageEnd ?? 0) lines \(c.span.lineStart ?? 0)-\(c.span.lineEnd ?? 0) path \(c.span.headingPath)\n\(c.text.prefix(300))\n"
        }
        try out.write(toFile: "/tmp/dump-\(path.replacingOccurrences(of: "/", with: "_")).txt", atomically: true, encoding: .utf8)
    }
}
