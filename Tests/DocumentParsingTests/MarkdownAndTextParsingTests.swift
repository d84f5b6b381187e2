import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Suite("Markdown and plain text parsing")
struct MarkdownAndTextParsingTests {
    let parser = DocumentParser()

    @Test("Markdown keeps the source as canonical text and finds ATX and setext headings")
    func markdownStructure() throws {
        let url = ParsingTestFiles.fixture("guide.md")
        let source = try String(contentsOf: url, encoding: .utf8)
        let document = try parser.parse(fileAt: url)
        #expect(document.format == .markdown)
        #expect(document.text == source)
        #expect(document.title == "Field Guide")
        #expect(document.headings.map(\.path) == [
            ["Field Guide"], ["Field Guide", "Installing"], ["Field Guide", "Installing", "From source"],
            ["Field Guide", "Formats"],
        ])
        let kinds = document.blocks.map(\.kind)
        #expect(kinds.filter { $0 == .code }.count == 1)
        #expect(kinds.filter { $0 == .listItem }.count == 2)
        #expect(kinds.filter { $0 == .tableRow }.count == 4)  // the delimiter row too
        let code = try #require(document.blocks.first { $0.kind == .code })
        let codeText = String(String.UnicodeScalarView(Array(document.text.unicodeScalars)[code.start..<code.end]))
        #expect(codeText.hasPrefix("```swift\nlet parser"))
        #expect(codeText.hasSuffix("chunk(document)\n```"))
    }

    @Test("Markdown chunks carry heading paths and 1-based source lines")
    func markdownChunkCoordinates() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.fixture("guide.md"))
        let chunker = Chunker(maxTokens: 40, overlapTokens: 0)
        let chunks = chunker.chunk(document)
        ChunkInvariants.check(chunks, of: document, maxTokens: 40, counter: chunker.counter, name: "guide.md")
        let install = try #require(ChunkInvariants.chunk(containing: "poppler-utils", in: chunks))
        #expect(install.span.headingPath == ["Field Guide", "Installing"])
        #expect(install.span.lineStart == 5)
        let code = try #require(ChunkInvariants.chunk(containing: "let parser = DocumentParser()", in: chunks))
        #expect(code.span.headingPath == ["Field Guide", "Installing", "From source"])
        // The code block (about 50 tokens) is cut between lines at 40 tokens, but whole at 80.
        #expect(!code.text.contains("Chunker(maxTokens: 256)"))
        let wide = Chunker(maxTokens: 80, overlapTokens: 0).chunk(document)
        #expect(wide.contains { $0.text.contains("```swift") && $0.text.contains("chunk(document)\n```") })
        let closing = try #require(ChunkInvariants.chunk(containing: "Closing paragraph", in: chunks))
        #expect(closing.span.headingPath == ["Field Guide", "Formats"])
        #expect(closing.span.lineEnd == 29)
    }

    @Test("Front matter title wins over the first heading")
    func frontMatterTitle() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.corpus("notes/sqlite-storage-notes.md"))
        #expect(document.title == "Notes on SQLite storage and durability")
        #expect(document.headings.contains { $0.path == ["Notes on SQLite storage and durability", "Summary of durability settings"] })
        let chunks = Chunker().chunk(document)
        #expect(chunks.first?.text.hasPrefix("# Notes on SQLite storage") == true, "front matter is not indexed")
        #expect(chunks.first?.span.lineStart == 5)
        #expect(chunks.first?.span.headingPath == ["Notes on SQLite storage and durability"])
    }

    @Test("CRLF line endings and a BOM are normalised, so offsets match lines")
    func newlineNormalisation() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("# Title\r\n\r\nBody line one\r\nline two\r".utf8))
        let document = try parser.parse(data: data, fileName: "crlf.md")
        #expect(document.text == "# Title\n\nBody line one\nline two\n")
        #expect(document.blocks.count == 2)
    }

    @Test("UTF-16 text with a BOM decodes")
    func utf16() throws {
        var data = Data([0xFF, 0xFE])
        data.append("Grüße aus UTF-16.\n".data(using: .utf16LittleEndian) ?? Data())
        let document = try parser.parse(data: data, fileName: "utf16.txt")
        #expect(document.text == "Grüße aus UTF-16.\n")
    }

    @Test("Plain text splits paragraphs on blank lines and names the document after the file")
    func plainText() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.fixture("plain.txt"))
        #expect(document.format == .text)
        #expect(document.title == "plain")
        #expect(document.blocks.count == 3)
        let chunks = Chunker(maxTokens: 12, overlapTokens: 0).chunk(document)
        let third = try #require(ChunkInvariants.chunk(containing: "Third paragraph", in: chunks))
        #expect(third.span.lineStart == 7)
    }
}
