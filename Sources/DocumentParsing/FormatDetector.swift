import Foundation
import FootnoteCore

/// Decides a file's format: magic bytes first, the extension second; nil means unsupported.
public enum FormatDetector {
    /// The format of `data` named `fileName`, or nil for binary or unknown files.
    public static func detect(data: Data, fileName: String) -> DocumentFormat? {
        let ext = (fileName as NSString).pathExtension.lowercased()
        let head = [UInt8](data.prefix(1024))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return zipFormat(data: data, ext: ext)
        }
        let hasUTF16BOM = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !hasUTF16BOM && data.contains(0) { return nil }
        if let markup = markupFormat(head: head, hasUTF16BOM: hasUTF16BOM, data: data) { return markup }
        switch ext {
        case "md", "markdown", "mdown", "mkd", "mkdn", "mdx": return .markdown
        case "txt", "text", "rst", "adoc", "org", "log", "csv", "tsv", "": return .text
        case "html", "htm", "xhtml": return .html
        case "xml": return .xml
        case "docx", "odt", "epub", "pdf": return nil  // claimed by the name, but the bytes are not that format
        default: return nil
        }
    }

    /// DOCX, ODT or EPUB, told apart by the names ZIP stores in plain text.
    private static func zipFormat(data: Data, ext: String) -> DocumentFormat? {
        // ODT and EPUB store an uncompressed "mimetype" entry first (offset 30 is its name).
        if data.count > 38, data[data.startIndex + 30..<data.startIndex + 38].elementsEqual("mimetype".utf8) {
            let mime = String(decoding: data[data.startIndex + 38..<min(data.endIndex, data.startIndex + 120)], as: UTF8.self)
            if mime.hasPrefix("application/epub+zip") { return .epub }
            if mime.hasPrefix("application/vnd.oasis.opendocument.text") { return .odt }
        }
        if data.range(of: Data("word/document.xml".utf8)) != nil { return .docx }
        // A damaged container still goes to its parser, which explains what is wrong.
        switch ext {
        case "docx": return .docx
        case "odt": return .odt
        case "epub": return .epub
        default: return nil
        }
    }

    /// HTML or XML recognised from the first bytes.
    private static func markupFormat(head: [UInt8], hasUTF16BOM: Bool, data: Data) -> DocumentFormat? {
        let prefix: String
        if hasUTF16BOM {
            let littleEndian = head.first == 0xFF
            prefix = String(data: Data(head.dropFirst(2).prefix(1022 & ~1)),
                            encoding: littleEndian ? .utf16LittleEndian : .utf16BigEndian) ?? ""
        } else {
            prefix = String(decoding: head, as: UTF8.self)
        }
        let start = prefix.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.prefix(1000).lowercased()
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") { return .html }
        if start.hasPrefix("<?xml") || start.hasPrefix("<!--") || start.hasPrefix("<!doctype") {
            return start.contains("<html") ? .html : (start.hasPrefix("<!--") ? nil : .xml)
        }
        return nil
    }
}
