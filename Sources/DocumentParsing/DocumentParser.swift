import Foundation
import FootnoteCore

/// Turns a file's bytes into a `ParsedDocument`: one canonical text and its coordinate map.
public struct DocumentParser: Sendable {
    public var limits: ParsingLimits
    /// Where to look for `pdftotext` and `pdfinfo`; nil searches the process's `PATH`.
    public var toolDirectories: [URL]?

    /// A parser enforcing `limits`.
    public init(limits: ParsingLimits = .init(), toolDirectories: [URL]? = nil) {
        self.limits = limits
        self.toolDirectories = toolDirectories
    }

    /// Parses the file at `url` (its size is checked before it is read).
    public func parse(fileAt url: URL) throws -> ParsedDocument {
        let fileName = url.lastPathComponent
        let size: Int
        do {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            guard values.isRegularFile == true else {
                throw DocumentParsingError.unreadableFile(fileName: fileName, reason: "not a regular file")
            }
            size = values.fileSize ?? 0
        } catch let error as DocumentParsingError {
            throw error
        } catch {
            throw DocumentParsingError.unreadableFile(fileName: fileName, reason: error.localizedDescription)
        }
        guard size <= limits.maxFileBytes else {
            throw DocumentParsingError.fileTooLarge(fileName: fileName, bytes: size, limit: limits.maxFileBytes)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw DocumentParsingError.unreadableFile(fileName: fileName, reason: error.localizedDescription)
        }
        return try parse(data: data, fileName: fileName)
    }

    /// Parses `data`; `fileName` gives the extension and appears in every error message.
    public func parse(data: Data, fileName: String) throws -> ParsedDocument {
        guard data.count <= limits.maxFileBytes else {
            throw DocumentParsingError.fileTooLarge(fileName: fileName, bytes: data.count, limit: limits.maxFileBytes)
        }
        guard !data.isEmpty else { throw DocumentParsingError.emptyDocument(fileName: fileName) }
        guard let format = FormatDetector.detect(data: data, fileName: fileName) else {
            let head = data.prefix(8192)
            if let nul = head.firstIndex(of: 0) {
                throw DocumentParsingError.binaryContent(fileName: fileName, byteOffset: nul - data.startIndex)
            }
            throw DocumentParsingError.unsupportedFormat(fileName: fileName)
        }
        let budget = MarkupBudget(fileName: fileName, limits: limits, fileBytes: data.count)
        var document = try parse(data: data, fileName: fileName, format: format, budget: budget)
        // Every parser spends the budget as it goes; this catches text that arrived in one piece.
        let textBytes = document.text.utf8.count
        if textBytes > budget.textLimit.bytes { try budget.spendText(textBytes) }
        document.warnings += budget.warnings
        guard document.text.unicodeScalars.contains(where: { !ScalarClass.isWhitespace($0) }) else {
            throw DocumentParsingError.emptyDocument(fileName: fileName)
        }
        if document.title?.isEmpty ?? true {
            document.title = (fileName as NSString).deletingPathExtension
        }
        return document
    }

    private func parse(data: Data, fileName: String, format: DocumentFormat, budget: MarkupBudget) throws -> ParsedDocument {
        switch format {
        case .markdown:
            return MarkdownParser(fileName: fileName).parse(try TextDecoding.decode(data, fileName: fileName))
        case .text:
            return PlainTextParser(fileName: fileName).parse(try TextDecoding.decode(data, fileName: fileName))
        case .html:
            return try HTMLParser(fileName: fileName, budget: budget).parse(data)
        case .xml:
            return try GenericXMLParser(fileName: fileName, budget: budget).parse(data)
        case .docx:
            return try DOCXParser(fileName: fileName, budget: budget).parse(data)
        case .odt:
            return try ODTParser(fileName: fileName, budget: budget).parse(data)
        case .epub:
            return try EPUBParser(fileName: fileName, budget: budget).parse(data)
        case .pdf:
            return try PDFParser(fileName: fileName, limits: limits, textLimit: budget.textLimit, toolDirectories: toolDirectories)
                .parse(data)
        }
    }
}
