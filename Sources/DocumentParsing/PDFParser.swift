import Foundation
import FootnoteCore

/// PDF through poppler's `pdftotext` run as a separate program (no linking against GPL code):
/// pages are split on form feeds, paragraphs on blank lines; the title comes from `pdfinfo`.
struct PDFParser {
    var fileName: String
    var limits: ParsingLimits
    /// The most text this file may yield (see `ParsingLimits.textLimit`).
    var textLimit: (bytes: Int, description: String)
    var toolDirectories: [URL]?

    static let installHint = "install it with 'apt-get install poppler-utils'"

    func parse(_ data: Data) throws -> ParsedDocument {
        guard let pdftotext = ExternalTool.locate("pdftotext", in: toolDirectories) else {
            throw DocumentParsingError.toolMissing(fileName: fileName, tool: "pdftotext", installHint: Self.installHint)
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("footnote-pdf-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("input.pdf")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try data.write(to: input)
        } catch {
            throw DocumentParsingError.unreadableFile(
                fileName: fileName, reason: "cannot write a temporary copy for pdftotext: \(error.localizedDescription)")
        }
        let info = self.info(of: input, scratch: scratch)
        if let pages = info.pages, pages > limits.maxPages {
            throw DocumentParsingError.limitExceeded(
                fileName: fileName, what: "its \(pages) pages", limit: limits.maxPages, unit: "pages", limitName: "PDF pages")
        }
        let result: ExternalTool.Result
        do {
            result = try pdftotext.run(["-enc", "UTF-8", input.path, "-"], timeout: limits.externalToolTimeout,
                                       scratch: scratch, maxOutputBytes: textLimit.bytes)
        } catch {
            throw DocumentParsingError.toolFailed(
                fileName: fileName, tool: "pdftotext", status: -1, message: "cannot start: \(error.localizedDescription)")
        }
        if result.outputLimitHit {
            throw DocumentParsingError.limitExceeded(
                fileName: fileName, what: "its text", limit: textLimit.bytes, unit: "bytes", limitName: textLimit.description)
        }
        if result.timedOut {
            throw DocumentParsingError.toolFailed(
                fileName: fileName, tool: "pdftotext", status: result.status,
                message: "stopped after \(Int(limits.externalToolTimeout)) s")
        }
        guard result.status == 0 else {
            let firstLine = result.standardError.split(separator: "\n").first.map(String.init) ?? "no message"
            throw DocumentParsingError.toolFailed(
                fileName: fileName, tool: "pdftotext", status: result.status,
                message: firstLine.replacingOccurrences(of: input.path, with: fileName))
        }
        let text = TextDecoding.normalizingNewlines(String(decoding: result.standardOutput, as: UTF8.self))
        var document = Self.document(fromPages: text)
        document.title = info.title
        return document
    }

    /// Builds the document from pdftotext output: pages end with a form feed.
    static func document(fromPages text: String) -> ParsedDocument {
        var pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        if pages.count > 1, pages.last?.allSatisfy(\.isWhitespace) == true { pages.removeLast() }
        var builder = CanonicalTextBuilder()
        for (index, page) in pages.enumerated() {
            builder.startPage(index + 1)
            for paragraph in Self.paragraphs(of: page) {
                builder.appendBlock(paragraph, kind: .paragraph)
            }
        }
        return builder.build(format: .pdf, title: nil)
    }

    /// Paragraphs of one page: runs of non-blank lines, each line trimmed.
    private static func paragraphs(of page: Substring) -> [String] {
        var result: [String] = []
        var current: [String] = []
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(line).trimmed
            if trimmed.isEmpty {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current.removeAll()
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    /// The Title and Pages fields of `pdfinfo`, when the tool is present and the fields are set.
    private func info(of input: URL, scratch: URL) -> (title: String?, pages: Int?) {
        guard let pdfinfo = ExternalTool.locate("pdfinfo", in: toolDirectories),
              let result = try? pdfinfo.run(["-enc", "UTF-8", input.path], timeout: 20, scratch: scratch,
                                            maxOutputBytes: 1 << 20),
              result.status == 0
        else { return (nil, nil) }
        var title: String?
        var pages: Int?
        for line in String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("Title:") {
                let value = String(line.dropFirst(6)).trimmed
                title = value.isEmpty ? nil : value
            } else if line.hasPrefix("Pages:") {
                pages = Int(String(line.dropFirst(6)).trimmed)
            }
        }
        return (title, pages)
    }
}
