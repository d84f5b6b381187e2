import FootnoteCore

extension ExtractiveAnswerer {
    /// A scored candidate sentence.
    struct Candidate {
        var number: Int
        var range: Range<Int>
        var text: String
        var score: Double
        var isLabel = false
        /// The parts of `score`: term coverage and the question/sentence cosine (when given).
        var coverage = 0.0
        var cosine: Double?
        /// Sentences added by `widened`, and whether `withNextSentence` added one.
        var widenedBy = 0
        var tookNext = false
        /// The scored sentence a widened quote was built around.
        var core: String?
        var sentence: String { core ?? text }

        /// The same candidate quoting `range` of its passage's `scalars` instead.
        func spanning(_ range: Range<Int>, of scalars: [Unicode.Scalar]) -> Candidate {
            var copy = self
            copy.core = sentence
            copy.range = range
            copy.text = String(String.UnicodeScalarView(scalars[range]))
            return copy
        }
    }

    /// The text of the passage `number` cites, as scalars, with its sentence ranges.
    func passageSentences(_ number: Int, in sources: [AnswerSource]) -> (scalars: [Unicode.Scalar], ranges: [Range<Int>])? {
        guard let hit = sources.first(where: { $0.number == number })?.hit else { return nil }
        let scalars = Array(hit.text.unicodeScalars)
        return (scalars, TextUnits.sentenceRanges(scalars))
    }

    private static let anaphora: Set<String> = ["he", "she", "it", "they", "this", "these", "his", "her", "its", "their", "there", "that", "those"]

    /// A sentence that opens with a pronoun ("He is also the oldest…") is cited together with the
    /// sentence before it, which names whom the pronoun means.
    func withAntecedent(_ candidate: Candidate, sources: [AnswerSource]) -> Candidate {
        guard let first = TextUnits.words(candidate.text).first, Self.anaphora.contains(first),
              let (scalars, ranges) = passageSentences(candidate.number, in: sources) else { return candidate }
        guard let index = ranges.firstIndex(where: { $0.lowerBound == candidate.range.lowerBound }), index > 0,
              !Self.isInstruction(ranges[index - 1], in: scalars) else { return candidate }
        return candidate.spanning(ranges[index - 1].lowerBound..<candidate.range.upperBound, of: scalars)
    }

    /// Whether the sentence at `range` speaks to the reader (see `ReaderInstruction`): never added to a quote.
    static func isInstruction(_ range: Range<Int>, in scalars: [Unicode.Scalar]) -> Bool {
        ReaderInstruction.matches(String(String.UnicodeScalarView(scalars[range])))
    }

    /// The quote also takes the sentence right after it in its passage, unless that is a label or the
    /// quote would outgrow `spanSentences` or `spanWords`: a sentence that matches the question best
    /// often only restates it, and the next one supplies the specifics ("When considering computational
    /// problems, a problem instance is a string over an alphabet." — "Usually, the alphabet is taken to be
    /// the binary alphabet…"). On xquad-dev (hybrid) citation precision 0.924 → 0.954, 50 → 66 words per
    /// quote; no question answered correctly without it lost its answer.
    func withNextSentence(_ candidate: Candidate, sources: [AnswerSource]) -> Candidate {
        guard nextSentence, let (scalars, ranges) = passageSentences(candidate.number, in: sources) else { return candidate }
        guard let last = ranges.firstIndex(where: { $0.upperBound == candidate.range.upperBound }), last + 1 < ranges.count else {
            return candidate
        }
        let next = ranges[last + 1]
        // A sentence that ends in a colon announces what follows: a command or a code line is its content, not a heading
        // ("An example of synchronous_standby_names for a quorum-based multiple synchronous standbys is:").
        let announces = announcedLine && candidate.text.unicodeScalars.last == ":"
        guard announces || !isLabelLine(String(String.UnicodeScalarView(scalars[next]))), !Self.isInstruction(next, in: scalars) else {
            return candidate
        }
        let range = candidate.range.lowerBound..<next.upperBound
        guard fits(sentences: ranges.filter({ range.contains($0.lowerBound) }).count, scalars[range]) else { return candidate }
        var quote = candidate.spanning(range, of: scalars)
        quote.tookNext = true
        return quote
    }

    /// A label rather than a sentence: no closing punctuation, and only a few words or Title Case — a
    /// heading, a bold lead ("Maximum length of a string or BLOB"), a table-of-contents line.
    static func isLabel(_ text: String) -> Bool {
        let trimmed = text.unicodeScalars.reversed().drop { " \t\n\"')]”’*_".unicodeScalars.contains($0) }
        guard let last = trimmed.first else { return true }
        guard !".!?:;".unicodeScalars.contains(last) else { return false }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard words.count >= labelWords else { return true }
        // A longer line in Title Case is a heading too ("Maximum Number Of Host Parameters In A Single SQL Statement").
        let long = words.filter { $0.count > 3 }
        return !long.isEmpty && long.filter({ $0.first?.isUppercase == true }).count * 10 >= long.count * 8
    }

    /// Labels have fewer words than this.
    static let labelWords = 10
    /// A question term found only in the label above a sentence counts this share of its weight: the
    /// sentence that states the term itself wins a tie.
    static let leadWeight = 0.5
    /// A candidate must hold at least this many content terms the question does not, or a numeral
    /// (`TextUnits.isNumeral`: a sentence that restates the question and adds only its value, "The default
    /// maximum trigger recursion depth is 1000", answers it): a sentence that only restates the question
    /// tells the reader nothing.
    static let minimumNewTerms = 2

    /// The scored sentences of one passage. A label's terms carry over to the sentences after it, as
    /// a heading's do: "Maximum Number Of Columns" followed by "The MAX_COLUMN parameter sets
    /// an upper bound on the number of columns in a table" — that sentence answers the question the
    /// label restates. A label itself names a topic, it does not answer: it is chosen only when no
    /// full sentence covers any question term. A table row (with `tableRows`) is a unit that can answer,
    /// and the table's header row and the sentence before the table lend it their terms the same way. When
    /// the question asks for an amount, a sentence whose quote states a number gains `valueWeight`; when it asks
    /// for a name (`IdentifierQuestion`), one whose quote writes an identifier the question does not gains `identifierWeight`.
    func candidates(in source: AnswerSource, rank: Int, terms: Set<String>, total: Double, weights: [String: Double],
                    similarity: [String: Double], asksQuantity: Bool = false, asksName: Bool = false, question: String = "") -> [Candidate] {
        let scalars = Array(source.hit.text.unicodeScalars)
        var lead = Set<String>()
        // A table row is read with its header row and the sentence that introduces the table.
        var table: Set<String>?
        var previous = Set<String>()
        var result: [Candidate] = []
        let ranges = TextUnits.sentenceRanges(scalars)
        for (index, range) in ranges.enumerated() {
            let text = String(String.UnicodeScalarView(scalars[range]))
            let sentenceTerms = Set(TextUnits.contentTerms(text))
            let label = isLabelLine(text)
            let row = tableRows && Self.isTableRow(text)
            if row, table == nil { table = previous.union(sentenceTerms) } else if !row { table = nil }
            defer {
                if label { lead = sentenceTerms }
                previous = sentenceTerms
            }
            // A sentence that is only a fragment, or only the question again, is a poor answer.
            let fresh = sentenceTerms.subtracting(terms)
            guard sentenceTerms.count >= 3, fresh.count >= Self.minimumNewTerms || fresh.contains(where: TextUnits.isNumeral) else { continue }
            let own = terms.intersection(sentenceTerms)
            let inherited = label ? [] : terms.intersection(lead.union(table ?? [])).subtracting(own)
            let coverage = (CitationVerifier.weight(of: own, weights) + Self.leadWeight * CitationVerifier.weight(of: inherited, weights)) / total
            let cosine = similarity[text]
            var value = 0.0
            if (asksQuantity && valueWeight > 0) || (asksName && identifierWeight > 0) {
                // Judged on the quote as it will be shown: it goes on with the next sentence ("…that may be running at
                // any one time. The default is three.") and starts at a label right above (`temp_file_limit (integer)`).
                let upper = nextSentence && index + 1 < ranges.count ? ranges[index + 1].upperBound : range.upperBound
                let lower = labelLeadIn && index > 0 && isLabelLine(String(String.UnicodeScalarView(scalars[ranges[index - 1]])))
                    ? ranges[index - 1].lowerBound : range.lowerBound
                let quote = String(String.UnicodeScalarView(scalars[lower..<upper]))
                if asksQuantity, QuantityQuestion.statesValue(quote) { value = max(value, valueWeight) }
                if asksName, IdentifierQuestion.statesIdentifier(quote, question: question) { value = max(value, identifierWeight) }
            }
            // Earlier passages win ties: retrieval already weighed title and headings.
            result.append(Candidate(number: source.number, range: range, text: text,
                                    score: coverage + similarityWeight * (cosine ?? 0) + value - 0.01 * Double(rank),
                                    isLabel: label, coverage: coverage, cosine: cosine))
        }
        return result
    }

    /// Every sentence of the top passages that can be quoted, best first (labels only when no sentence scores).
    func rankedCandidates(question: String, sources: [AnswerSource], weights: [String: Double], similarity: [String: Double]) -> [Candidate] {
        let terms = Set(TextUnits.contentTerms(question))
        let total = CitationVerifier.weight(of: terms, weights)
        guard total > 0 else { return [] }
        let asksQuantity = QuantityQuestion.matches(question)
        let asksName = IdentifierQuestion.matches(question)
        var candidates = sources.prefix(depth).enumerated().flatMap { rank, source in
            self.candidates(in: source, rank: rank, terms: terms, total: total, weights: weights, similarity: similarity,
                            asksQuantity: asksQuantity, asksName: asksName, question: question)
        }
        if candidates.contains(where: { !$0.isLabel && $0.score > 0 }) { candidates.removeAll(where: \.isLabel) }
        candidates.sort { $0.score > $1.score }
        return candidates
    }

    /// The `limit` best sentences a reader may choose from (`SentenceReader`), best first, each once.
    public func choices(question: String, sources: [AnswerSource], weights: [String: Double],
                        similarity: [String: Double] = [:], limit: Int) -> [SentenceChoice] {
        var seen = Set<String>()
        var result: [SentenceChoice] = []
        for candidate in rankedCandidates(question: question, sources: sources, weights: weights, similarity: similarity)
        where candidate.score > 0 && seen.insert(candidate.text).inserted {
            result.append(SentenceChoice(number: candidate.number, range: candidate.range, text: candidate.text))
            if result.count == limit { break }
        }
        return result
    }

    /// The sentences of the top passages that can be chosen, for which cosines are worth computing.
    public func candidateSentences(question: String, sources: [AnswerSource]) -> [String] {
        let terms = Set(TextUnits.contentTerms(question))
        guard !terms.isEmpty else { return [] }
        return sources.prefix(depth).enumerated().flatMap { rank, source in
            candidates(in: source, rank: rank, terms: terms, total: 1, weights: [:], similarity: [:]).filter { !$0.isLabel }.map(\.text)
        }
    }

    /// `best` widened to the contiguous span of its passage that also holds every sentence scoring
    /// within `spanMargin` of it (best first, at most `spanSentences` sentences): when two sentences
    /// of a passage are this close, the scores cannot tell which one answers, and quoting both keeps
    /// the citation true at the cost of length.
    func widened(_ best: Candidate, contenders: [Candidate], sources: [AnswerSource]) -> Candidate {
        guard spanMargin > 0, spanSentences > 1 else { return best }
        let close = contenders.filter { $0.number == best.number && !$0.isLabel && $0.score >= best.score - spanMargin && $0.range != best.range }
        guard !close.isEmpty, let (scalars, sentences) = passageSentences(best.number, in: sources) else { return best }
        var range = best.range
        for candidate in close {
            let lower = min(range.lowerBound, candidate.range.lowerBound), upper = max(range.upperBound, candidate.range.upperBound)
            let inside = sentences.filter { $0.lowerBound >= lower && $0.upperBound <= upper }
            // A heading between the two would make one quote of two sections.
            guard fits(sentences: inside.count, scalars[lower..<upper]),
                  !inside.contains(where: { isLabelLine(String(String.UnicodeScalarView(scalars[$0]))) }),
                  !inside.contains(where: { $0 != best.range && Self.isInstruction($0, in: scalars) }) else { continue }
            range = lower..<upper
        }
        guard range != best.range else { return best }
        var quote = best.spanning(range, of: scalars)
        quote.widenedBy = sentences.filter { range.contains($0.lowerBound) }.count - 1
        return quote
    }

    /// Whether a widened quote of `sentences` sentences spanning `scalars` keeps within `spanSentences` and `spanWords`.
    func fits(sentences: Int, _ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        sentences <= spanSentences && (spanWords <= 0 || Self.wordCount(scalars) <= spanWords)
    }

    /// Whitespace-separated words in `scalars`.
    static func wordCount(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        var count = 0
        var inWord = false
        for scalar in scalars {
            let space = scalar.properties.isWhitespace
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }

    /// The chosen sentences with their citations (already verified: each quotes its own span).
    /// `similarity` maps candidate sentences to their cosine with the question (see `candidateSentences`).
    /// With `preferred` (a sentence `choices` offered, named by a reader), that sentence is the one quoted.
    public func answer(question: String, sources: [AnswerSource], weights: [String: Double],
                       similarity: [String: Double] = [:], preferred: SentenceChoice? = nil) -> [AnswerSentence] {
        var candidates = rankedCandidates(question: question, sources: sources, weights: weights, similarity: similarity)
        if let preferred, let index = candidates.firstIndex(where: { $0.number == preferred.number && $0.range == preferred.range }) {
            candidates.insert(candidates.remove(at: index), at: 0)
        }
        // A reader names only sentences that score (`choices`), so the guard holds for its choice too.
        guard let first = candidates.first, first.score > 0 else { return [] }
        let best = withNextSentence(widened(first, contenders: candidates, sources: sources), sources: sources)
        var chosen = [best]
        for candidate in candidates.dropFirst() where chosen.count < maxSentences {
            guard candidate.score >= followerRatio * best.score else { break }
            // Already quoted: the same words elsewhere, or a sentence inside a widened quote.
            if chosen.contains(where: { $0.text == candidate.text || ($0.number == candidate.number && $0.range.overlaps(candidate.range)) }) {
                continue
            }
            chosen.append(candidate)
        }
        return chosen.enumerated().map { index, chosen in
            let withPrevious = withAntecedent(chosen, sources: sources)
            let candidate = withLabel(withPrevious, sources: sources)
            // A copy of the same sentence (the page indexed twice) is no rival.
            let runnerUp = index == 0 ? candidates.dropFirst().first { $0.text != first.text } : nil
            let hit = sources.first { $0.number == candidate.number }?.hit
            let citation = AnswerCitation(
                number: candidate.number,
                citation: hit.map { CitationVerifier.citationID(for: $0, localStart: candidate.range.lowerBound, localEnd: candidate.range.upperBound) } ?? "",
                chunkCitation: hit?.citation ?? "", quote: candidate.text, overlap: 1, supports: true)
            // The quote is the exact span; the answer reads it as one paragraph (a widened quote may cross lines).
            let text = candidate.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            var sentence = AnswerSentence(text: text, citations: [citation], verdict: .supported)
            sentence.selection = QuoteSelection(
                sentence: chosen.sentence,
                score: chosen.score, coverage: chosen.coverage, cosine: chosen.cosine, runnerUp: runnerUp?.text, runnerUpScore: runnerUp?.score,
                widenedBy: chosen.widenedBy, nextSentence: chosen.tookNext, antecedent: withPrevious.range.lowerBound != chosen.range.lowerBound)
            return sentence
        }
    }
}
