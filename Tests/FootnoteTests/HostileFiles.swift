import Foundation
import ZIPFoundation

/// Hostile documents, made at test time: entity bombs, expansion bombs, a giant token, deep HTML.
enum HostileFiles {
    /// One entity of 50,000 letters used 50,000 times: 2.5 GB if every reference is expanded.
    static let flatDeclaration = "<!ENTITY a \"" + String(repeating: "A", count: 50_000) + "\">"
    static let flatUses = String(repeating: "&a;", count: 50_000)
    /// The billion laughs: ten levels of ten references.
    static let nestedDeclarations = "<!ENTITY a0 \"lol\">" + (1...9).map { level in
        "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
    }.joined()

    static func xml(nested: Bool) -> Data {
        let (declarations, uses) = nested ? (nestedDeclarations, "&a9;") : (flatDeclaration, flatUses)
        return Data("<?xml version=\"1.0\"?><!DOCTYPE r [\(declarations)]><r><p>\(uses)</p></r>".utf8)
    }

    static func docx(nested: Bool) throws -> Data {
        let (declarations, uses) = nested ? (nestedDeclarations, "&a9;") : (flatDeclaration, flatUses)
        let body = "<w:p><w:r><w:t>\(uses)</w:t></w:r></w:p>"
        return try docx(document: "<!DOCTYPE w:document [\(declarations)]>", body: body)
    }

    /// Three million empty paragraphs (18 MB of XML) deflated into about 30 kB.
    static func emptyParagraphsDOCX() throws -> Data {
        let paragraph = Data("<w:p/>".utf8)
        let count = 3_000_000
        let head = Data("<?xml version=\"1.0\"?><w:document xmlns:w=\"\(wordNamespace)\"><w:body>".utf8)
        let tail = Data("</w:body></w:document>".utf8)
        let size = head.count + paragraph.count * count + tail.count
        let block = Data((0..<(1 << 16)).flatMap { _ in paragraph })
        let archive = try Archive(data: Data(), accessMode: .create)
        try addEntry("[Content_Types].xml", Data(contentTypes.utf8), to: archive)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(size),
                             compressionMethod: .deflate, bufferSize: 1 << 16) { position, chunk in
            var out = Data()
            var offset = Int(position)
            while out.count < chunk {
                if offset < head.count {
                    out += head[offset...]
                } else if offset >= size - tail.count {
                    out += tail[(offset - (size - tail.count))...]
                } else {
                    let inBody = (offset - head.count) % paragraph.count
                    let bodyLeft = size - tail.count - offset
                    out += block[inBody..<min(block.count, inBody + bodyLeft)]
                }
                offset = Int(position) + out.count
            }
            return out.prefix(chunk)
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func odt(nested: Bool) throws -> Data {
        let (declarations, uses) = nested ? (nestedDeclarations, "&a9;") : (flatDeclaration, flatUses)
        let content = "<?xml version=\"1.0\"?><!DOCTYPE office:document-content [\(declarations)]>"
            + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
            + "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
            + "<text:p>\(uses)</text:p></office:text></office:body></office:document-content>"
        return try zip([("mimetype", Data("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", Data(content.utf8))])
    }

    /// The bomb sits in the package document (XML); the chapter itself is harmless.
    static func epub(nested: Bool) throws -> Data {
        let (declarations, uses) = nested ? (nestedDeclarations, "&a9;") : (flatDeclaration, flatUses)
        let container = "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
            + "<rootfiles><rootfile full-path=\"content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>"
        let package = "<?xml version=\"1.0\"?><!DOCTYPE package [\(declarations)]><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
            + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>\(uses)</dc:title></metadata>"
            + "<manifest><item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"c\"/></spine></package>"
        let chapter = "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>A chapter.</p></body></html>"
        return try zip([("mimetype", Data("application/epub+zip".utf8)), ("META-INF/container.xml", Data(container.utf8)),
                        ("content.opf", Data(package.utf8)), ("c.xhtml", Data(chapter.utf8))])
    }

    /// 4,000 pages that all show one content stream of 110 lines: about 500 kB of file, 35 MB of text.
    static func expansionPDF(pages: Int = 4000) -> Data {
        let lines = (0..<110).map { "(word\($0) lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod) Tj 0 -7 Td" }
        let stream = "BT /F1 6 Tf 20 800 Td " + lines.joined(separator: " ") + " ET"
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>",
                       "<< /Type /Pages /Kids [" + (0..<pages).map { "\($0 + 5) 0 R" }.joined(separator: " ") + "] /Count \(pages) >>",
                       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                       "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream"]
        objects += Array(repeating: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>", count: pages)
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (number, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(number + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        pdf += offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }

    /// "longtoken" and a word of five million letters.
    static let giantToken = Data(("longtoken " + String(repeating: "b", count: 5_000_000) + "\n").utf8)

    /// 400 posts, each in a `<div>` that is never closed: the last one sits 400 levels deep.
    static let deepHTML = Data(("<html><body>" + (0..<400).map { "<div>post \($0) " }.joined() + "</body></html>").utf8)

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let contentTypes = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"

    private static func docx(document doctype: String, body: String) throws -> Data {
        let document = "<?xml version=\"1.0\"?>\(doctype)<w:document xmlns:w=\"\(wordNamespace)\"><w:body>\(body)</w:body></w:document>"
        return try zip([("[Content_Types].xml", Data(contentTypes.utf8)), ("word/document.xml", Data(document.utf8))])
    }

    private static func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in entries { try addEntry(path, data, to: archive) }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    private static func addEntry(_ path: String, _ data: Data, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                             compressionMethod: path == "mimetype" ? .none : .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
