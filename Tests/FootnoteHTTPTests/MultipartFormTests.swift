import Foundation
@testable import FootnoteHTTP
import Testing

@Suite("multipart/form-data parsing (RFC 7578)")
struct MultipartFormTests {
    private func body(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    @Test("parts keep names, file names (quoted, with semicolons) and exact bytes")
    func parsesParts() throws {
        let form = try MultipartForm(body: body("""
            preamble
            --XyZ
            Content-Disposition: form-data; name="groups"

            eng,ops
            --XyZ
            Content-Disposition: form-data; name="file"; filename="a;b \\"c\\".md"
            Content-Type: text/markdown

            # Title
            --Xy is not the delimiter
            --XyZ--
            epilogue
            """), boundary: "XyZ")
        #expect(form.parts.count == 2)
        #expect(form.parts[0].name == "groups")
        #expect(String(decoding: form.parts[0].data, as: UTF8.self) == "eng,ops")
        #expect(form.parts[1].filename == "a;b \"c\".md")
        #expect(form.parts[1].contentType == "text/markdown")
        #expect(String(decoding: form.parts[1].data, as: UTF8.self) == "# Title\r\n--Xy is not the delimiter")
    }

    @Test("malformed bodies are bad requests, never crashes")
    func rejectsMalformed() {
        for text in ["no boundary here", "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\nunterminated",
                     "--XyZ\nContent-Disposition: form-data", "--XyZjunk", "--XyZ"] {
            #expect(throws: ServiceError.self, "\(text)") { try MultipartForm(body: body(text), boundary: "XyZ") }
        }
    }

    @Test("the boundary comes from Content-Type, quoted or not")
    func boundary() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(contentType: "application/json") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == nil)
    }

    @Test("uploaded file names stay inside the folder and are never hidden")
    func safeNames() {
        #expect(KnowledgeService.safeFileName("../../etc/passwd") == "passwd")
        #expect(KnowledgeService.safeFileName("C:\\\\docs\\\\report.docx") == "report.docx")
        #expect(KnowledgeService.safeFileName(".footnoteaccess") == "footnoteaccess")
        #expect(KnowledgeService.safeFileName("..") == "upload")
        #expect(KnowledgeService.safeFileName("a\u{0}b.md") == "ab.md")
    }
}
