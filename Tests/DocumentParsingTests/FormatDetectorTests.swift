import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Suite("Format detection")
struct FormatDetectorTests {
    @Test("Magic bytes win over the extension")
    func magic() throws {
        #expect(FormatDetector.detect(data: Data("%PDF-1.7\n".utf8), fileName: "x.txt") == .pdf)
        #expect(FormatDetector.detect(data: Data("<!DOCTYPE html><p>x".utf8), fileName: "x.txt") == .html)
        #expect(FormatDetector.detect(data: Data("  <html><body>x".utf8), fileName: "x") == .html)
        #expect(FormatDetector.detect(data: Data("<?xml version=\"1.0\"?><a/>".utf8), fileName: "x.txt") == .xml)
        #expect(FormatDetector.detect(data: Data("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">".utf8), fileName: "x.xml") == .html)
        let docx = try Data(contentsOf: ParsingTestFiles.corpus("docx/tempfiles.docx"))
        #expect(FormatDetector.detect(data: docx, fileName: "upload.bin") == .docx)
        let odt = try Data(contentsOf: ParsingTestFiles.fixture("guide.odt"))
        #expect(FormatDetector.detect(data: odt, fileName: "upload.bin") == .odt)
    }

    @Test("The extension decides for plain text formats")
    func extensions() {
        let text = Data("hello".utf8)
        #expect(FormatDetector.detect(data: text, fileName: "a.md") == .markdown)
        #expect(FormatDetector.detect(data: text, fileName: "a.markdown") == .markdown)
        #expect(FormatDetector.detect(data: text, fileName: "a.txt") == .text)
        #expect(FormatDetector.detect(data: text, fileName: "README") == .text)
        #expect(FormatDetector.detect(data: text, fileName: "a.png") == nil)
        #expect(FormatDetector.detect(data: text, fileName: "a.docx") == nil)
        #expect(FormatDetector.detect(data: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), fileName: "a.txt") == nil)
    }
}
