import FootnoteCore

/// An indivisible piece of chunk content: a whole block, or a sentence, line or word of a block
/// too big for one chunk.
struct ChunkPiece {
    var start: Int
    var end: Int
    var tokens: Int
    var isHeading: Bool
    /// The first piece of its block.
    var startsBlock: Bool
    /// The block was split because it exceeds the budget.
    var isPartOfSplitBlock: Bool
    /// A page of the document starts with this piece.
    var startsPage = false
}

/// Turns a document's blocks into pieces no bigger than the budget where possible.
struct ChunkPieces {
    let text: ScalarText
    let maxTokens: Int
    /// No piece is longer than this many scalars (see `Chunker.maxCharacters`).
    let maxCharacters: Int

    func pieces(of document: ParsedDocument) -> [ChunkPiece] {
        var result: [ChunkPiece] = []
        for block in blocks(of: document) {
            let tokens = text.tokens(block.start, block.end)
            let isHeading: Bool
            if case .heading = block.kind { isHeading = true } else { isHeading = false }
            if tokens <= maxTokens {
                result.append(ChunkPiece(start: block.start, end: block.end, tokens: tokens, isHeading: isHeading,
                                         startsBlock: true, isPartOfSplitBlock: false))
                continue
            }
            let first = result.count
            let parts = block.kind == .code ? lines(block.start, block.end) : sentences(block.start, block.end)
            for (start, end) in parts {
                let partTokens = text.tokens(start, end)
                if partTokens <= maxTokens {
                    result.append(ChunkPiece(start: start, end: end, tokens: partTokens, isHeading: isHeading,
                                             startsBlock: false, isPartOfSplitBlock: true))
                } else {
                    for (wordStart, wordEnd) in words(start, end) {
                        for (sliceStart, sliceEnd, sliceTokens) in slices(wordStart, wordEnd) {
                            result.append(ChunkPiece(start: sliceStart, end: sliceEnd, tokens: sliceTokens,
                                                     isHeading: isHeading, startsBlock: false, isPartOfSplitBlock: true))
                        }
                    }
                }
            }
            if first < result.count { result[first].startsBlock = true }
        }
        markPageStarts(&result, pages: document.pages.map(\.offset).sorted())
        return result
    }

    private func markPageStarts(_ pieces: inout [ChunkPiece], pages: [Int]) {
        var next = 0
        for index in pieces.indices {
            while next < pages.count && pages[next] <= pieces[index].start {
                pieces[index].startsPage = true
                next += 1
            }
        }
    }

    /// The document's blocks sorted, clamped, trimmed and made disjoint. Text between two
    /// blocks (a Markdown table's delimiter row, a thematic break) becomes paragraphs, since a
    /// chunk spanning it must count its tokens; text before the first and after the last block
    /// (Markdown front matter) is left out. Without blocks, paragraphs split on blank lines.
    func blocks(of document: ParsedDocument) -> [StructureBlock] {
        let source = document.blocks.sorted { $0.start < $1.start }
        guard !source.isEmpty else { return paragraphs(0, text.count) }
        var result: [StructureBlock] = []
        var floor = 0
        for block in source {
            let (start, end) = text.trim(max(floor, min(block.start, text.count)), min(max(block.end, 0), text.count))
            guard start < end else { continue }
            if !result.isEmpty { result += paragraphs(floor, start) }
            result.append(StructureBlock(start: start, end: end, kind: block.kind))
            floor = end
        }
        return result
    }

    /// Paragraphs of `[start, end)` separated by blank lines.
    private func paragraphs(_ start: Int, _ end: Int) -> [StructureBlock] {
        var result: [StructureBlock] = []
        var paragraphStart: Int?
        var lastContent = 0
        var newlinesSinceContent = 0
        var offset = start
        while offset < end {
            let scalar = text.scalars[offset]
            if scalar == "\n" {
                newlinesSinceContent += 1
            } else if !ScalarClass.isWhitespace(scalar) {
                if let first = paragraphStart, newlinesSinceContent >= 2 {
                    result.append(StructureBlock(start: first, end: lastContent + 1, kind: .paragraph))
                    paragraphStart = nil
                }
                if paragraphStart == nil { paragraphStart = offset }
                lastContent = offset
                newlinesSinceContent = 0
            }
            offset += 1
        }
        if let first = paragraphStart {
            result.append(StructureBlock(start: first, end: lastContent + 1, kind: .paragraph))
        }
        return result
    }

    /// Sentences of `[start, end)`: a sentence ends after ".!?" (and closing quotes) before
    /// whitespace, right after a CJK full stop, or at a line break that ends a blank line.
    func sentences(_ start: Int, _ end: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var sentenceStart = start
        var index = start
        let scalars = text.scalars
        while index < end {
            let scalar = scalars[index]
            var cut: Int?
            if ScalarClass.isSentenceEnd(scalar) {
                var after = index + 1
                while after < end && ScalarClass.isClosing(scalars[after]) { after += 1 }
                if after == end || ScalarClass.isWhitespace(scalars[after]) || ScalarClass.isCJK(scalar) { cut = after }
            } else if scalar == "\n" && index + 1 < end && scalars[index + 1] == "\n" {
                cut = index
            }
            if let cut {
                let (a, b) = text.trim(sentenceStart, cut)
                if a < b { result.append((a, b)) }
                sentenceStart = cut
                index = cut
            }
            index += 1
        }
        let (a, b) = text.trim(sentenceStart, end)
        if a < b { result.append((a, b)) }
        return result
    }

    /// Lines of a code block.
    func lines(_ start: Int, _ end: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var lineStart = start
        for index in start..<end where text.scalars[index] == "\n" {
            let (a, b) = text.trim(lineStart, index)
            if a < b { result.append((a, b)) }
            lineStart = index + 1
        }
        let (a, b) = text.trim(lineStart, end)
        if a < b { result.append((a, b)) }
        return result
    }

    /// A word cut into runs of at most `maxCharacters` scalars (the word itself when it is no longer):
    /// a word over the token budget but within the character budget stays whole, as its own chunk.
    func slices(_ start: Int, _ end: Int) -> [(Int, Int, Int)] {
        var result: [(Int, Int, Int)] = []
        var sliceStart = start
        while sliceStart < end {
            let sliceEnd = min(end, sliceStart + maxCharacters)
            result.append((sliceStart, sliceEnd, text.tokens(sliceStart, sliceEnd)))
            sliceStart = sliceEnd
        }
        return result
    }

    /// Words of `[start, end)`: runs of non-whitespace, with each CJK character a word of its own.
    func words(_ start: Int, _ end: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var wordStart: Int?
        for index in start..<end {
            let scalar = text.scalars[index]
            if ScalarClass.isWhitespace(scalar) {
                if let ws = wordStart { result.append((ws, index)) }
                wordStart = nil
            } else if ScalarClass.isCJK(scalar) {
                if let ws = wordStart { result.append((ws, index)) }
                result.append((index, index + 1))
                wordStart = nil
            } else if wordStart == nil {
                wordStart = index
            }
        }
        if let ws = wordStart { result.append((ws, end)) }
        return result
    }
}
