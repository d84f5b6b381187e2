import FootnoteCore

/// Markdown (CommonMark's block structure, simplified): the canonical text is the source, so
/// line numbers match the file; headings, paragraphs, list items, fenced code and table rows
/// become blocks.
struct MarkdownParser {
    var fileName: String

    private struct State {
        var blocks: [StructureBlock] = []
        var headings: [HeadingMark] = []
        var stack = HeadingStack()
        var firstH1: String?

        mutating func heading(level: Int, text: String, markOffset: Int, start: Int, end: Int) {
            let title = text.collapsingWhitespace
            guard !title.isEmpty else { return }
            headings.append(HeadingMark(offset: markOffset, path: stack.push(level: level, text: title)))
            blocks.append(StructureBlock(start: start, end: end, kind: .heading(level: level)))
            if level == 1 && firstH1 == nil { firstH1 = title }
        }
    }

    func parse(_ text: String) -> ParsedDocument {
        let lines = SourceLines(text).lines
        var state = State()
        var frontMatterTitle: String?
        var i = 0
        if let first = lines.first, first.trimmed == "---" {
            var j = 1
            while j < lines.count, lines[j].trimmed != "---", lines[j].trimmed != "..." {
                let entry = lines[j].trimmed
                if entry.hasPrefix("title:") {
                    frontMatterTitle = String(entry.dropFirst(6)).trimmed.trimmingQuotes
                }
                j += 1
            }
            if j < lines.count { i = j + 1 } else { frontMatterTitle = nil }
        }
        var previousWasListItem = false
        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                i += 1
                continue
            }
            let body = line.trimmed
            if line.indent >= 4 && !previousWasListItem {
                // Indented code: runs until a non-blank line indented less than 4.
                var last = i
                var j = i + 1
                while j < lines.count, lines[j].isBlank || lines[j].indent >= 4 {
                    if !lines[j].isBlank { last = j }
                    j += 1
                }
                state.blocks.append(StructureBlock(start: line.contentStart, end: lines[last].contentEnd, kind: .code))
                i = last + 1
                continue
            }
            previousWasListItem = false
            if let fence = Self.fence(body), line.indent < 4 {
                var j = i + 1
                while j < lines.count, !Self.closesFence(lines[j].trimmed, fence) { j += 1 }
                let endLine = min(j, lines.count - 1)
                var last = endLine
                while last > i, lines[last].isBlank { last -= 1 }
                state.blocks.append(StructureBlock(start: line.contentStart, end: lines[last].contentEnd, kind: .code))
                i = endLine + 1
            } else if let (level, title) = Self.atxHeading(body), line.indent < 4 {
                state.heading(level: level, text: title, markOffset: line.start, start: line.contentStart,
                              end: line.contentEnd)
                i += 1
            } else if Self.isThematicBreak(body) {
                i += 1
            } else if i + 1 < lines.count, body.utf8.contains(UInt8(ascii: "|")), Self.isTableDelimiter(lines[i + 1].trimmed) {
                var j = i
                while j < lines.count, !lines[j].isBlank, lines[j].trimmed.utf8.contains(UInt8(ascii: "|")) {
                    state.blocks.append(
                        StructureBlock(start: lines[j].contentStart, end: lines[j].contentEnd, kind: .tableRow))
                    j += 1
                }
                i = j
            } else if Self.isListItem(body) {
                var j = i + 1
                while j < lines.count, !lines[j].isBlank, !startsBlock(lines, j) { j += 1 }
                state.blocks.append(
                    StructureBlock(start: line.contentStart, end: lines[j - 1].contentEnd, kind: .listItem))
                previousWasListItem = true
                i = j
            } else {
                var j = i + 1
                var setextLevel: Int?
                while j < lines.count, !lines[j].isBlank {
                    let next = lines[j].trimmed
                    if lines[j].indent < 4, !next.isEmpty, next.allSatisfy({ $0 == "=" }) { setextLevel = 1 }
                    if lines[j].indent < 4, !next.isEmpty, next.allSatisfy({ $0 == "-" }) { setextLevel = 2 }
                    if setextLevel != nil || startsBlock(lines, j) { break }
                    j += 1
                }
                if let level = setextLevel {
                    let title = lines[i..<j].map(\.trimmed).joined(separator: " ")
                    state.heading(level: level, text: title, markOffset: line.start, start: line.contentStart,
                                  end: lines[j].contentEnd)
                    i = j + 1
                } else {
                    state.blocks.append(
                        StructureBlock(start: line.contentStart, end: lines[j - 1].contentEnd, kind: .paragraph))
                    i = j
                }
            }
        }
        return ParsedDocument(
            format: .markdown, title: frontMatterTitle ?? state.firstH1, text: text, blocks: state.blocks,
            headings: state.headings)
    }

    /// Whether line `index` begins a new block (so it does not continue a paragraph or list item).
    private func startsBlock(_ lines: [SourceLines.Line], _ index: Int) -> Bool {
        let body = lines[index].trimmed
        if lines[index].indent >= 4 { return false }
        return Self.fence(body) != nil || Self.atxHeading(body) != nil || Self.isThematicBreak(body)
            || Self.isListItem(body)
            || (index + 1 < lines.count && body.utf8.contains(UInt8(ascii: "|")) && Self.isTableDelimiter(lines[index + 1].trimmed))
    }

    /// The fence string ("```", "~~~~", …) if `body` opens a fenced code block.
    static func fence(_ body: String) -> String? {
        guard let first = body.first, first == "`" || first == "~" else { return nil }
        let run = body.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        if first == "`" && body.dropFirst(run.count).contains("`") { return nil }
        return String(run)
    }

    static func closesFence(_ body: String, _ fence: String) -> Bool {
        guard let first = fence.first, body.hasPrefix(fence) else { return false }
        return body.allSatisfy { $0 == first }
    }

    /// Level and text of an ATX heading ("## Title ##").
    static func atxHeading(_ body: String) -> (Int, String)? {
        let hashes = body.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = body.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = String(rest).trimmed
        // A closing sequence of #s is not part of the title.
        let trailing = title.reversed().prefix { $0 == "#" }.count
        if trailing > 0 {
            let kept = title.dropLast(trailing)
            if kept.isEmpty || kept.last == " " || kept.last == "\t" { title = String(kept).trimmed }
        }
        return (hashes, title)
    }

    static func isThematicBreak(_ body: String) -> Bool {
        let marks = body.filter { $0 != " " && $0 != "\t" }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    static func isListItem(_ body: String) -> Bool {
        if let first = body.first, "-*+".contains(first) {
            let rest = body.dropFirst()
            return rest.first == " " || rest.first == "\t"
        }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count) else { return false }
        let rest = body.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")" else { return false }
        let after = rest.dropFirst()
        return after.first == " " || after.first == "\t"
    }

    /// A GFM table delimiter row such as `|---|:--:|` or `--- | ---`.
    static func isTableDelimiter(_ body: String) -> Bool {
        guard body.contains("-") else { return false }
        let cells = body.split(separator: "|", omittingEmptySubsequences: true)
            .map { String($0).trimmed }.filter { !$0.isEmpty }
        guard !cells.isEmpty else { return false }
        return cells.allSatisfy { cell in
            cell.allSatisfy { $0 == "-" || $0 == ":" } && cell.contains("-")
        }
    }
}

extension String {
    /// The string without one pair of surrounding quotes.
    var trimmingQuotes: String {
        guard count >= 2, let first, let last, first == last, first == "\"" || first == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
