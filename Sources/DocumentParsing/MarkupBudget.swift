import Foundation

/// What one document may still expand into, shared by all its parts (DOCX footnotes, EPUB
/// chapters): text bytes, entity expansion and markup nodes, checked while parsing.
/// Used by one parse on one thread.
final class MarkupBudget {
    let fileName: String
    let limits: ParsingLimits
    private(set) var textBytes = 0
    private(set) var entityBytes = 0
    /// Text the parse had to leave out, one line each (see `ParsedDocument.warnings`).
    private(set) var warnings: [String] = []

    /// The most text this document may yield (see `ParsingLimits.textLimit`).
    let textLimit: (bytes: Int, description: String)

    init(fileName: String, limits: ParsingLimits, fileBytes: Int) {
        self.fileName = fileName
        self.limits = limits
        textLimit = limits.textLimit(fileBytes: fileBytes)
    }

    /// Records that some text could not be kept.
    func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    /// Counts `count` more bytes of extracted text.
    func spendText(_ count: Int) throws {
        textBytes += count
        guard textBytes <= textLimit.bytes else {
            throw DocumentParsingError.limitExceeded(
                fileName: fileName, what: "its text", limit: textLimit.bytes, unit: "bytes", limitName: textLimit.description)
        }
    }

    /// Counts `count` more bytes that came from expanding an entity reference (its text is also
    /// spent as text where it becomes text).
    func spendEntity(_ count: Int) throws {
        entityBytes += count
        guard entityBytes <= limits.maxEntityExpansionBytes else {
            throw DocumentParsingError.limitExceeded(
                fileName: fileName, what: "XML entity expansion", limit: limits.maxEntityExpansionBytes,
                unit: "bytes", limitName: "entity expansion per document")
        }
    }

    /// Refuses `markup` (an XML part or HTML page named `part`) before a tree is built from it when it
    /// holds more elements and attributes than `maxMarkupNodes`.
    func checkMarkup(_ markup: Data, part: String) throws {
        let limit = limits.maxMarkupNodes
        guard MarkupCensus.nodes(in: markup, stoppingAfter: limit) <= limit else {
            throw DocumentParsingError.limitExceeded(
                fileName: fileName, what: "the markup of \(part)", limit: limit, unit: "nodes",
                limitName: "markup nodes per part")
        }
    }
}

/// Counts start tags and attributes in XML or HTML bytes in one pass, building nothing: an upper
/// bound on the nodes a parser would allocate (comments, CDATA, declarations and end tags are not counted).
enum MarkupCensus {
    /// Elements plus attributes in `markup`, or a number above `limit` as soon as it passes it.
    static func nodes(in markup: Data, stoppingAfter limit: Int) -> Int {
        markup.withUnsafeBytes { raw -> Int in
            let bytes = raw.bindMemory(to: UInt8.self)
            var count = 0
            var index = 0
            let end = bytes.count
            while index < end && count <= limit {
                guard bytes[index] == UInt8(ascii: "<"), index + 1 < end else { index += 1; continue }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "!") {
                    if starts(bytes, at: index, with: "<!--") {
                        index = after(bytes, from: index + 4, terminator: "-->")
                    } else if starts(bytes, at: index, with: "<![CDATA[") {
                        index = after(bytes, from: index + 9, terminator: "]]>")
                    } else {
                        index = after(bytes, from: index + 2, terminator: ">")
                    }
                } else if next == UInt8(ascii: "?") {
                    index = after(bytes, from: index + 2, terminator: "?>")
                } else if next == UInt8(ascii: "/") {
                    index = after(bytes, from: index + 2, terminator: ">")
                } else {
                    count += 1
                    index = tagEnd(bytes, from: index + 1, count: &count)
                }
            }
            return count
        }
    }

    /// Scans a start tag's attributes (one per `=` outside quotes) and returns the offset after `>`.
    private static func tagEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: inout Int) -> Int {
        var index = start
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "=") {
                count += 1
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return index
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = prefix.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    /// The offset just after the first `terminator` at or after `start` (the end when there is none).
    private static func after(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, terminator: StaticString) -> Int {
        let first = terminator.utf8Start[0]
        var index = start
        while index < bytes.count {
            if bytes[index] == first && starts(bytes, at: index, with: terminator) {
                return index + terminator.utf8CodeUnitCount
            }
            index += 1
        }
        return bytes.count
    }
}
