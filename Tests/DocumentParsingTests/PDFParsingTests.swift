import DocumentParsing
import Foundation
import FootnoteCore
import TestSupport
import Testing

@Suite("PDF parsing through pdftotext")
struct PDFParsingTests {
    let parser = DocumentParser()

    @Test("Pages of a 10-page PDF are marked and a page-2 phrase lands in a page-2 chunk")
    func pages() throws {
        let document = try parser.parse(fileAt: ParsingTestFiles.corpus("pdf/wal.pdf"))
        #expect(document.format == .pdf)
        #expect(document.title == "Write-Ahead Logging")
        #expect(document.pages.map(\.page) == Array(1...10))
        let chunker = Chunker()
        let chunks = chunker.chunk(document)
        ChunkInvariants.check(chunks, of: document, maxTokens: 256, counter: chunker.counter, name: "wal.pdf")
        let chunk = try #require(ChunkInvariants.chunk(containing: "quasi-persistent", in: chunks))
        #expect(chunk.span.pageStart == 2)
        let first = try #require(ChunkInvariants.chunk(containing: "hereafter referred to as", in: chunks))
        #expect(first.span.pageStart == 1)
        #expect(chunks.last?.span.pageEnd == 10)
    }

    @Test("Parsing PDF bytes works through a temporary file")
    func fromData() throws {
        let data = try Data(contentsOf: ParsingTestFiles.corpus("pdf/lockingv3.pdf"))
        let document = try parser.parse(data: data, fileName: "locking.pdf")
        #expect(document.pages.count == 9)
        #expect(document.text.contains("PENDING"))
    }

    @Test("A corrupt PDF is refused with pdftotext's first error line")
    func corrupt() throws {
        let error = try #require(throws: DocumentParsingError.self) {
            try parser.parse(fileAt: ParsingTestFiles.fixture("corrupt.pdf"))
        }
        #expect(error.description.hasPrefix("Cannot parse 'corrupt.pdf': pdftotext exited with status 1: "))
        #expect(error.description.contains("Syntax Error"))
    }

    @Test("A missing pdftotext is reported with the package to install")
    func missingTool() throws {
        let empty = try TemporaryDirectory()
        let parser = DocumentParser(toolDirectories: [empty.url])
        let error = try #require(throws: DocumentParsingError.self) {
            try parser.parse(fileAt: ParsingTestFiles.corpus("pdf/wal.pdf"))
        }
        #expect(error.description.contains("'pdftotext'"))
        #expect(error.description.contains("apt-get install poppler-utils"))
    }
}

