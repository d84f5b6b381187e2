import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Suite("DOCX and EPUB parsing")
struct ContainerParsingTests {
    let parser = DocumentParser()

    @Test("A LibreOffice DOCX yields its dc:title, Heading1/Heading2 paths and code blocks")
    func realDOCX() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.corpus("docx/tempfiles.docx"))
        #expect(document.format == .docx)
        #expect(document.title == "Temporary Files Used By SQLite")
        #expect(document.headings.count == 14)
        #expect(document.headings.first?.path.count == 1)
        #expect(document.headings.contains { $0.path.count == 2 })
        #expect(document.blocks.contains { $0.kind == .code })
        let chunker = Chunker()
        ChunkInvariants.check(chunker.chunk(document), of: document, maxTokens: 256, counter: chunker.counter,
                              name: "tempfiles.docx")
    }

    @Test("Heading styles resolve through styles.xml names; tabs, breaks, lists, tables and footnotes")
    func syntheticDOCX() throws {
        let styles = """
            <?xml version="1.0"?><w:styles \(ParsingDOCXParts.namespace)>
            <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
            </w:styles>
            """
        let body = ParsingDOCXParts.paragraph("Handbuch", style: "berschrift1")
            + "<w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Wert</w:t><w:br/><w:t>zweite Zeile</w:t>"
            + "<w:footnoteReference w:id=\"2\"/></w:r></w:p>"
            + ParsingDOCXParts.paragraph("Kapitel", style: "berschrift2")
            + "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>Punkt eins</w:t></w:r></w:p>"
            + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            + "<w:p><w:r><w:delText>deleted words</w:delText><w:t>kept words</w:t></w:r></w:p>"
        let footnotes = """
            <?xml version="1.0"?><w:footnotes \(ParsingDOCXParts.namespace)>
            <w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
            <w:footnote w:id="2"><w:p><w:r><w:t>Eine Fußnote.</w:t></w:r></w:p></w:footnote>
            </w:footnotes>
            """
        let data = try ParsingZipBuilder.zip([
            ("[Content_Types].xml", Data("<Types/>".utf8)),
            ("word/document.xml", ParsingDOCXParts.document(body)),
            ("word/styles.xml", Data(styles.utf8)),
            ("word/footnotes.xml", Data(footnotes.utf8)),
        ])
        let document = try parser.parse(data: data, fileName: "handbuch.docx")
        #expect(document.title == "Handbuch")
        #expect(document.text == """
            Handbuch

            Name\tWert
            zweite Zeile[2]

            Kapitel

            Punkt eins

            A1 | B1

            kept words

            Footnotes

            [2] Eine Fußnote.
            """)
        #expect(document.headings.map(\.path) == [["Handbuch"], ["Handbuch", "Kapitel"], ["Footnotes"]])
        #expect(document.blocks.map(\.kind) == [
            .heading(level: 1), .paragraph, .heading(level: 2), .listItem, .tableRow, .paragraph, .heading(level: 1),
            .paragraph,
        ])
    }

    @Test("An EPUB's spine documents are read in order with their headings")
    func epub() throws {
        let container = """
            <?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
            <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>
            """
        let opf = """
            <?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
            <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Tiny Book</dc:title></metadata>
            <manifest><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
            <item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/></manifest>
            <spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>
            """
        func page(_ heading: String, _ text: String) -> Data {
            Data("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>x</title></head><body><h1>\(heading)</h1><p>\(text)</p></body></html>".utf8)
        }
        let data = try ParsingZipBuilder.zip([
            ("mimetype", Data("application/epub+zip".utf8)),
            ("META-INF/container.xml", Data(container.utf8)),
            ("OEBPS/content.opf", Data(opf.utf8)),
            ("OEBPS/text/one.xhtml", page("Chapter One", "It begins.")),
            ("OEBPS/text/two.xhtml", page("Chapter Two", "It ends.")),
        ], stored: ["mimetype"])
        #expect(FormatDetector.detect(data: data, fileName: "book.bin") == .epub)
        let document = try parser.parse(data: data, fileName: "book.epub")
        #expect(document.title == "Tiny Book")
        #expect(document.text == "Chapter One\n\nIt begins.\n\nChapter Two\n\nIt ends.")
        #expect(document.headings.map(\.path) == [["Chapter One"], ["Chapter Two"]])
    }
}
