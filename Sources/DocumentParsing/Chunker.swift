import FootnoteCore

/// Cuts a `ParsedDocument` into token-budgeted chunks: at heading boundaries first, then between
/// blocks, then at sentence ends, then at whitespace, never inside a word; code blocks and table
/// rows stay whole when they fit; consecutive chunks share up to `overlapTokens` of tail text.
///
/// A chunk also holds at most `maxCharacters` Unicode scalars (so at most 4 × that in UTF-8
/// bytes), whatever the tokenizer says: WordPiece counts a 5-million-letter word as one `[UNK]`.
/// A word longer than the budget is cut.
public struct Chunker: Sendable {
    public let maxTokens: Int
    public let overlapTokens: Int
    public let counter: any TokenCounter
    public let maxCharacters: Int

    /// `maxTokens` is at least 1; `overlapTokens` is clamped to `0...maxTokens / 2`; `maxCharacters`
    /// (default 16 per token) is at least `maxTokens`.
    public init(
        maxTokens: Int = 256, overlapTokens: Int = 32, counter: any TokenCounter = HeuristicTokenCounter(),
        maxCharacters: Int? = nil
    ) {
        self.maxTokens = max(1, maxTokens)
        self.overlapTokens = min(max(0, overlapTokens), self.maxTokens / 2)
        self.counter = counter
        self.maxCharacters = max(self.maxTokens, maxCharacters ?? self.maxTokens * 16)
    }

    /// The chunks of `document`, in text order, each an exact trimmed span of its canonical text.
    public func chunk(_ document: ParsedDocument) -> [ChunkDraft] {
        let text = ScalarText(document.text, counter: counter, charactersPerToken: max(1, maxCharacters / maxTokens))
        let pieces = ChunkPieces(text: text, maxTokens: maxTokens, maxCharacters: maxCharacters).pieces(of: document)
        guard !pieces.isEmpty else { return [] }
        var assembler = ChunkAssembler(
            text: text, maxTokens: maxTokens, overlapTokens: overlapTokens, minFill: max(1, maxTokens / 4))
        for piece in pieces { assembler.add(piece) }
        let spans = assembler.finish()
        let locator = CoordinateMap(document)
        return spans.enumerated().map { ordinal, span in
            let chunkText = text.string(span.start, span.end)
            return ChunkDraft(
                ordinal: ordinal, span: locator.span(start: span.start, end: span.end), text: chunkText,
                tokenCount: counter.tokenCount(Substring(chunkText)))
        }
    }
}

/// The canonical text as an array of scalars (for classification) and as UTF-8 bytes with a
/// scalar → byte offset table (so slicing a range into a `String` is a copy, not a re-encode).
struct ScalarText {
    let scalars: [Unicode.Scalar]
    let utf8: [UInt8]
    /// `utf8Offsets[i]` is the byte offset of scalar `i`; one extra entry for the end.
    let utf8Offsets: [Int]
    let counter: any TokenCounter
    /// A span costs at least one token per this many scalars (the chunker's character budget).
    let charactersPerToken: Int

    init(_ string: String, counter: any TokenCounter, charactersPerToken: Int = Int.max) {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(string.utf8.count)
        offsets.reserveCapacity(string.utf8.count + 1)
        var byte = 0
        for scalar in string.unicodeScalars {
            scalars.append(scalar)
            offsets.append(byte)
            byte += UTF8.width(scalar)
        }
        offsets.append(byte)
        self.scalars = scalars
        utf8Offsets = offsets
        utf8 = Array(string.utf8)
        self.counter = counter
        self.charactersPerToken = max(1, charactersPerToken)
    }

    var count: Int { scalars.count }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: utf8[utf8Offsets[start]..<utf8Offsets[end]], as: UTF8.self)
    }

    /// The tokens of `[start, end)` for budgeting: the counter's count, or one per
    /// `charactersPerToken` scalars when that is more.
    func tokens(_ start: Int, _ end: Int) -> Int {
        let length = end - start
        let byLength = length / charactersPerToken + (length % charactersPerToken == 0 ? 0 : 1)
        return max(counter.tokenCount(Substring(string(start, end))), byLength)
    }

    func isWhitespace(_ offset: Int) -> Bool { ScalarClass.isWhitespace(scalars[offset]) }

    /// `[start, end)` without leading and trailing whitespace (empty ranges collapse to `start`).
    func trim(_ start: Int, _ end: Int) -> (Int, Int) {
        var a = start
        var b = end
        while a < b && isWhitespace(a) { a += 1 }
        while b > a && isWhitespace(b - 1) { b -= 1 }
        return (a, b)
    }
}

