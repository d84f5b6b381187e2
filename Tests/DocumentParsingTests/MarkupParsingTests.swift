import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Suite("HTML, XML and ODT parsing")
struct MarkupParsingTests {
    let parser = DocumentParser()

    @Test("HTML drops navigation and scripts, keeps headings, lists, tables and pre")
    func htmlStructure() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.fixture("guide.html"))
        #expect(document.format == .html)
        #expect(document.title == "Field Guide to Footnote")
        for marker in ["trackingScriptMarker", "hidden-style-marker", "Site banner marker", "Navigation marker",
                       "Role navigation marker", "Noscript marker", "Footer marker"] {
            #expect(!document.text.contains(marker), "\(marker) should be dropped")
        }
        #expect(document.text.contains("Footnote turns documents into searchable chunks.\nEach chunk cites its source."))
        #expect(document.text.contains("Format | Parser\n\nMarkdown | built in\n\nPDF | pdftotext"))
        #expect(document.text.contains("swift build -c release\n  .build/release/footnote index ./docs"))
        #expect(document.text.contains("Café & naïve entities decode."))
        #expect(document.headings.map(\.path) == [
            ["Field Guide"], ["Field Guide", "Installing"], ["Field Guide", "Installing", "From source"],
            ["Field Guide", "Formats"],
        ])
        #expect(document.blocks.filter { $0.kind == .listItem }.count == 2)
        #expect(document.blocks.filter { $0.kind == .tableRow }.count == 3)
        #expect(document.blocks.filter { $0.kind == .code }.count == 1)
    }

    @Test("HTML chunks start new sections at headings and report their heading path")
    func htmlChunks() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.fixture("guide.html"))
        let chunker = Chunker(maxTokens: 30, overlapTokens: 0)
        let chunks = chunker.chunk(document)
        ChunkInvariants.check(chunks, of: document, maxTokens: 30, counter: chunker.counter, name: "guide.html")
        let table = try #require(ChunkInvariants.chunk(containing: "Markdown | built in", in: chunks))
        #expect(table.span.headingPath == ["Field Guide", "Formats"])
        #expect(table.span.lineStart == nil)
        let source = try #require(ChunkInvariants.chunk(containing: "swift build -c release", in: chunks))
        #expect(source.text.hasPrefix("From source"))
        #expect(source.span.headingPath == ["Field Guide", "Installing", "From source"])
    }

    @Test("Real SQLite pages: title, headings and no site menu")
    func sqlitePage() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.corpus("sqlite-docs/wal.html"))
        #expect(document.title == "Write-Ahead Logging")
        #expect(!document.text.contains("Choose any three"))
        #expect(!document.text.contains("toggle_search"))
        #expect(document.headings.contains { $0.path == ["2. How WAL Works", "2.1. Checkpointing"] })
    }

    @Test("Deeply nested markup keeps its text up to libxml2's depth limit and never crashes")
    func deepNesting() throws {
        func nested(_ depth: Int, _ open: String, _ close: String) -> Data {
            Data((String(repeating: open, count: depth) + "deep text" + String(repeating: close, count: depth)).utf8)
        }
        let document = try parser.parse(data: nested(200, "<div>", "</div>"), fileName: "deep.html")
        #expect(document.text == "deep text")
        // Past 256 levels libxml2 stops building the tree: an error, never a crash.
        for (data, name) in [(nested(20_000, "<div>", "</div>"), "deeper.html"), (nested(20_000, "<a>", "</a>"), "deeper.xml")] {
            do {
                _ = try parser.parse(data: data, fileName: name)
            } catch let error as DocumentParsingError {
                #expect(error.description.hasPrefix("Cannot parse '\(name)'"))
            }
        }
    }

    @Test("Generic XML gives one block per element with text and the title element as title")
    func genericXML() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.fixture("catalog.xml"))
        #expect(document.format == .xml)
        #expect(document.title == "Parts Catalog")
        #expect(document.text == "Parts Catalog\n\nWidget\n\nA small widget for testing.\n\nGadget\n\nA gadget & its manual.")
        #expect(document.blocks.count == 5)
    }

    @Test("Malformed XML is refused with libxml2's reason")
    func malformedXML() throws {
        let error = try #require(throws: DocumentParsingError.self) {
            try parser.parse(data: Data("<?xml version=\"1.0\"?><a><b></a>".utf8), fileName: "broken.xml")
        }
        #expect(error.description.hasPrefix("Cannot parse 'broken.xml': the document is not well-formed XML"))
    }

    @Test("XML external entities are not loaded")
    func noExternalEntities() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
            <r><p>before &secret; after</p></r>
            """
        let document = try parser.parse(data: Data(xml.utf8), fileName: "xxe.xml")
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "\u{0}"
        #expect(!document.text.contains(hostname))
        #expect(document.text.contains("before"))
    }

    @Test("ODT written by LibreOffice keeps headings, list items and table rows")
    func odt() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.fixture("guide.odt"))
        #expect(document.format == .odt)
        #expect(document.headings.contains { $0.path == ["Field Guide", "Installing"] })
        #expect(document.text.contains("Markdown | built in"))
        #expect(document.text.contains("Install the poppler-utils package for PDF support."))
    }
}
