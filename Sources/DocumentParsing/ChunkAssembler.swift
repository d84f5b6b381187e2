/// Packs pieces greedily into chunk spans within the token budget, starting a new chunk at a
/// heading once the current one is non-trivially full, and carrying overlap between chunks.
struct ChunkAssembler {
    let text: ScalarText
    let maxTokens: Int
    let overlapTokens: Int
    /// A heading starts a new chunk once the current one holds this many tokens.
    let minFill: Int

    private var current: [ChunkPiece] = []
    private var currentTokens = 0
    /// Where the current chunk starts when it opens with overlap from the previous one.
    private var overlapStart: Int?
    private var spans: [(start: Int, end: Int)] = []

    init(text: ScalarText, maxTokens: Int, overlapTokens: Int, minFill: Int) {
        self.text = text
        self.maxTokens = maxTokens
        self.overlapTokens = overlapTokens
        self.minFill = minFill
    }

    mutating func add(_ piece: ChunkPiece) {
        if !current.isEmpty {
            if (piece.isHeading && piece.startsBlock || piece.startsPage) && currentTokens >= minFill {
                // New sections and new pages start new chunks, without overlap, so a chunk's
                // heading path and page are its own.
                emit()
            } else if piece.startsBlock && piece.isPartOfSplitBlock && currentTokens >= minFill {
                // A block too big for one chunk starts a chunk of its own rather than filling this one.
                closeForBudget(next: piece)
            }
        }
        while !current.isEmpty && currentTokens + piece.tokens > maxTokens {
            closeForBudget(next: piece)
        }
        current.append(piece)
        currentTokens += piece.tokens
    }

    mutating func finish() -> [(start: Int, end: Int)] {
        if !current.isEmpty { emit() }
        return spans
    }

    /// Ends the current chunk because `next` does not fit: trailing headings move on with the
    /// content they introduce; otherwise the next chunk opens with overlap.
    private mutating func closeForBudget(next: ChunkPiece) {
        let trailingHeadings = current.reversed().prefix { $0.isHeading && $0.startsBlock && !$0.isPartOfSplitBlock }.count
        if trailingHeadings > 0 && trailingHeadings < current.count && !next.isHeading {
            let carried = Array(current.suffix(trailingHeadings))
            current.removeLast(trailingHeadings)
            emit()
            current = carried
            currentTokens = carried.reduce(0) { $0 + $1.tokens }
            return
        }
        let previous = emit()
        guard overlapTokens > 0, !next.isHeading, let previous else { return }
        let budget = min(overlapTokens, maxTokens - next.tokens)
        guard budget > 0 else { return }
        let floor = max(previous.start + 1, previous.headingEnd)
        if let (start, tokens) = overlap(from: previous.end, floor: floor, budget: budget) {
            overlapStart = start
            currentTokens = tokens
        }
    }

    /// Records the current chunk's span and resets; returns its span and the end of its last heading.
    @discardableResult
    private mutating func emit() -> (start: Int, end: Int, headingEnd: Int)? {
        guard let first = current.first, let last = current.last else { return nil }
        let start = overlapStart ?? first.start
        spans.append((start, last.end))
        let headingEnd = current.last(where: \.isHeading)?.end ?? 0
        current.removeAll()
        currentTokens = 0
        overlapStart = nil
        return (start, last.end, headingEnd)
    }

    /// The start and token count of the longest tail of `[floor, end)` within `budget` tokens,
    /// preferring whole sentences, else whole words; nil when not even one word fits.
    private func overlap(from end: Int, floor: Int, budget: Int) -> (Int, Int)? {
        let scalars = text.scalars
        var position = end
        var used = 0
        var best: (Int, Int)?
        var bestSentence: (Int, Int)?
        var steps = 0
        while steps < 4 * budget + 16 {
            steps += 1
            var wordEnd = position
            while wordEnd > floor && ScalarClass.isWhitespace(scalars[wordEnd - 1]) { wordEnd -= 1 }
            guard wordEnd > floor else { break }
            var wordStart = wordEnd - 1
            if !ScalarClass.isCJK(scalars[wordStart]) {
                // Never scan further back than the floor or than a word that could fit the budget:
                // a five-million-letter word would otherwise be rescanned for every chunk cut from it.
                let (reach, overflow) = budget.multipliedReportingOverflow(by: text.charactersPerToken)
                let lowest = max(0, floor - 1, overflow ? 0 : wordEnd - reach - 1)
                while wordStart > lowest && !ScalarClass.isWhitespace(scalars[wordStart - 1])
                    && !ScalarClass.isCJK(scalars[wordStart - 1])
                {
                    wordStart -= 1
                }
                let startsWord = wordStart == 0 || ScalarClass.isWhitespace(scalars[wordStart - 1])
                    || ScalarClass.isCJK(scalars[wordStart - 1])
                guard startsWord else { break }
            }
            guard wordStart >= floor else { break }
            let tokens = text.tokens(wordStart, wordEnd)
            guard used + tokens <= budget else { break }
            used += tokens
            position = wordStart
            best = (wordStart, used)
            if startsSentence(wordStart) { bestSentence = (wordStart, used) }
        }
        return bestSentence ?? best
    }

    /// Whether a sentence (or block) begins at `offset`.
    private func startsSentence(_ offset: Int) -> Bool {
        let scalars = text.scalars
        var index = offset - 1
        var newlines = 0
        while index >= 0 && ScalarClass.isWhitespace(scalars[index]) {
            if scalars[index] == "\n" { newlines += 1 }
            index -= 1
        }
        if index < 0 || newlines >= 2 { return true }
        while index > 0 && ScalarClass.isClosing(scalars[index]) { index -= 1 }
        return ScalarClass.isSentenceEnd(scalars[index])
    }
}
