import DocumentParsing
import Foundation
import FootnoteCore
import TestSupport
import Testing

@Suite("Bad input gives a DocumentParsingError naming the file and the reason")
struct BadInputTests {
    let parser = DocumentParser()

    private func error(_ data: Data, _ name: String, limits: ParsingLimits = .init()) throws -> String {
        let error = try #require(throws: DocumentParsingError.self) {
            try DocumentParser(limits: limits).parse(data: data, fileName: name)
        }
        return error.description
    }

    @Test("A truncated DOCX is a corrupt archive")
    func truncatedDOCX() throws {
        let data = try Data(contentsOf: ParsingTestFiles.corpus("docx/atomiccommit.docx"))
        let message = try error(data.prefix(data.count / 2), "atomiccommit.docx")
        #expect(message.hasPrefix("Cannot parse 'atomiccommit.docx': corrupt or truncated ZIP archive"))
    }

    @Test("A DOCX without word/document.xml says so")
    func docxWithoutDocument() throws {
        let data = try ParsingZipBuilder.zip([("[Content_Types].xml", Data("<Types/>".utf8))])
        #expect(try error(data, "report.docx") == "Cannot parse 'report.docx': word/document.xml is missing from the archive")
    }

    @Test("A zip bomb (210 MB of zeros) is refused from its headers, quickly")
    func zipBomb() throws {
        let bomb = try ParsingZipBuilder.zeros(path: "word/document.xml", size: 210 * 1024 * 1024)
        #expect(bomb.count < 1_000_000)
        let clock = ContinuousClock()
        var message = ""
        let elapsed = try clock.measure { message = try error(bomb, "bomb.docx") }
        #expect(message.contains("'bomb.docx'") && message.contains("zip bomb"))
        #expect(elapsed < .seconds(2))
    }

    @Test("A zip bomb whose headers understate its size is stopped while inflating")
    func lyingZipBomb() throws {
        let honest = try ParsingZipBuilder.zeros(path: "word/document.xml", size: 8 * 1024 * 1024)
        let lying = ParsingZipBuilder.understatingSizes(of: "word/document.xml", in: honest, as: 100)
        let message = try error(lying, "liar.docx", limits: ParsingLimits(maxDecompressedBytes: 1024 * 1024))
        #expect(message == "Cannot parse 'liar.docx': word/document.xml inflates past the limit of 1048576 decompressed bytes (possible zip bomb)")
    }

    @Test("Invalid UTF-8 names the byte offset")
    func invalidUTF8() throws {
        var data = Data("héllo ".utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(Data(" world".utf8))
        #expect(try error(data, "notes.md") == "Cannot parse 'notes.md': invalid UTF-8 at byte offset 7")
    }

    @Test("Empty and whitespace-only files are empty documents")
    func empty() throws {
        #expect(try error(Data(), "empty.txt") == "Cannot parse 'empty.txt': empty document (no text to index)")
        #expect(try error(Data(" \n\n\t ".utf8), "blank.md") == "Cannot parse 'blank.md': empty document (no text to index)")
        #expect(try error(Data("<html><body><script>x()</script></body></html>".utf8), "blank.html")
            .contains("empty document"))
    }

    @Test("Files over maxFileBytes are refused, from bytes and from disk")
    func oversize() throws {
        let limits = ParsingLimits(maxFileBytes: 10)
        #expect(try error(Data("twelve bytes".utf8), "big.txt", limits: limits)
            == "Cannot parse 'big.txt': the file is 12 bytes, over the limit of 10 bytes")
        let directory = try TemporaryDirectory()
        let url = try directory.write("big.md", "# more than ten bytes")
        let thrown = try #require(throws: DocumentParsingError.self) {
            try DocumentParser(limits: limits).parse(fileAt: url)
        }
        #expect(thrown == .fileTooLarge(fileName: "big.md", bytes: 21, limit: 10))
    }

    @Test("NUL bytes make a text file binary")
    func binary() throws {
        let data = Data([0x68, 0x69, 0x00, 0x01, 0x02])
        #expect(try error(data, "data.txt") == "Cannot parse 'data.txt': binary content (NUL byte at byte offset 2), not a text document")
        #expect(FormatDetector.detect(data: data, fileName: "data.txt") == nil)
    }

    @Test("Unknown formats are unsupported")
    func unsupported() throws {
        #expect(try error(Data("fn main() {}".utf8), "main.rs").contains("unsupported format"))
    }

    @Test("A missing file cannot be read")
    func missingFile() throws {
        let thrown = try #require(throws: DocumentParsingError.self) {
            try parser.parse(fileAt: URL(fileURLWithPath: "/nonexistent/void.md"))
        }
        #expect(thrown.description.hasPrefix("Cannot read 'void.md':"))
    }
}
