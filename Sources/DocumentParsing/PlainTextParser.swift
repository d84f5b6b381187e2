import FootnoteCore

/// Plain text: the canonical text is the source (newlines normalised); paragraphs split on blank lines.
struct PlainTextParser {
    var fileName: String

    func parse(_ text: String) -> ParsedDocument {
        let lines = SourceLines(text)
        var blocks: [StructureBlock] = []
        var paragraphStart: Int?
        var paragraphEnd = 0
        for line in lines.lines {
            if line.isBlank {
                if let start = paragraphStart {
                    blocks.append(StructureBlock(start: start, end: paragraphEnd, kind: .paragraph))
                    paragraphStart = nil
                }
            } else {
                if paragraphStart == nil { paragraphStart = line.contentStart }
                paragraphEnd = line.contentEnd
            }
        }
        if let start = paragraphStart {
            blocks.append(StructureBlock(start: start, end: paragraphEnd, kind: .paragraph))
        }
        return ParsedDocument(format: .text, title: nil, text: text, blocks: blocks)
    }
}

/// The lines of a text with their Unicode scalar offsets, for the line-based parsers.
struct SourceLines {
    struct Line {
        /// Offset of the first scalar of the line.
        var start: Int
        /// Offset of the line's "\n" (or the text's end).
        var end: Int
        /// First and past-last non-whitespace offsets (equal to `start` when blank).
        var contentStart: Int
        var contentEnd: Int
        /// The line without its "\n".
        var text: Substring.UnicodeScalarView

        var isBlank: Bool { contentStart == contentEnd }
        /// Leading spaces (a tab counts as 4).
        var indent: Int {
            var width = 0
            for scalar in text {
                if scalar == " " { width += 1 } else if scalar == "\t" { width += 4 } else { break }
            }
            return width
        }
        /// The line's text without surrounding whitespace.
        var trimmed: String { String(String(text).trimmed) }
    }

    var lines: [Line] = []

    init(_ text: String) {
        let view = Substring(text).unicodeScalars
        var lineStartIndex = view.startIndex
        var offset = 0
        var lineStart = 0
        var contentStart: Int?
        var contentEnd = 0
        var index = view.startIndex
        while index != view.endIndex {
            let scalar = view[index]
            if scalar == "\n" {
                lines.append(
                    Line(start: lineStart, end: offset, contentStart: contentStart ?? lineStart,
                         contentEnd: contentStart == nil ? lineStart : contentEnd, text: view[lineStartIndex..<index]))
                lineStart = offset + 1
                lineStartIndex = view.index(after: index)
                contentStart = nil
            } else if !ScalarClass.isWhitespace(scalar) {
                if contentStart == nil { contentStart = offset }
                contentEnd = offset + 1
            }
            offset += 1
            index = view.index(after: index)
        }
        if lineStart < offset || lines.isEmpty {
            lines.append(
                Line(start: lineStart, end: offset, contentStart: contentStart ?? lineStart,
                     contentEnd: contentStart == nil ? lineStart : contentEnd, text: view[lineStartIndex..<index]))
        }
    }
}
