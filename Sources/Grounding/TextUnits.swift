import FootnoteCore
import TextAnalysis
/// Sentences, words and content terms of a text, in Unicode-scalar offsets (Footnote's unit).
public enum TextUnits {
    /// The `[start, end)` scalar ranges of the sentences of `scalars`, trimmed of whitespace.
    /// Sentences end at `.`, `!` or `?` before whitespace and a capital, digit or quote (not after
    /// common abbreviations or single-letter initials), and at line breaks.
    public static func sentenceRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var index = 0
        var lineStart = 0
        func close(_ end: Int) {
            var lower = start
            var upper = end
            while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
            while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
            if upper > lower { ranges.append(lower..<upper) }
            start = end
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                // A single line break inside a paragraph is a soft wrap (Markdown, text, PDF lines);
                // a blank line, a list item, a table row, a heading or a code fence ends the sentence.
                if !isSoftWrap(scalars, lineStart: lineStart, newline: index) { close(index + 1) }
                lineStart = index + 1
            } else if scalar == "." || scalar == "!" || scalar == "?" || scalar == "。" {
                var next = index + 1
                // Closing quotes and brackets belong to the sentence they end.
                while next < scalars.count, "\"'”’)]".unicodeScalars.contains(scalars[next]) { next += 1 }
                if next >= scalars.count {
                    close(scalars.count)
                    index = next
                    continue
                }
                if scalar == "。" || (scalars[next].properties.isWhitespace && startsSentence(scalars, after: next)
                    && !(scalar == "." && isAbbreviation(scalars, dotAt: index))) {
                    close(next)
                    index = next
                    continue
                }
            }
            index += 1
        }
        close(scalars.count)
        return ranges
    }

    /// Whether the line break at `newline` continues the same paragraph.
    static func isSoftWrap(_ scalars: [Unicode.Scalar], lineStart: Int, newline: Int) -> Bool {
        let next = newline + 1
        guard next < scalars.count, scalars[next] != "\n" else { return false }
        let current = scalars[lineStart..<newline]
        guard current.contains(where: { !$0.properties.isWhitespace }) else { return false }
        return !startsBlock(scalars, at: lineStart) && !startsBlock(scalars, at: next)
    }

    /// Whether the line starting at `index` opens a block of its own: a list item, table row,
    /// heading, quote or code fence.
    static func startsBlock(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var position = index
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        guard position < scalars.count else { return true }
        let first = scalars[position]
        if "|#>`•".unicodeScalars.contains(first) { return true }
        let following = position + 1 < scalars.count ? scalars[position + 1] : " "
        if "-*+".unicodeScalars.contains(first) { return following == " " || following == "\t" }
        var digits = position
        while digits < scalars.count, ("0"..."9").contains(scalars[digits]) { digits += 1 }
        if digits > position, digits + 1 < scalars.count, scalars[digits] == "." || scalars[digits] == ")" {
            return scalars[digits + 1] == " "
        }
        return false
    }

    private static func startsSentence(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        var next = index
        while next < scalars.count, scalars[next].properties.isWhitespace {
            if scalars[next] == "\n" { return true }
            next += 1
        }
        guard next < scalars.count else { return true }
        let first = scalars[next]
        return first.properties.isUppercase || first.properties.numericType != nil
            || "\"'“‘([*-#".unicodeScalars.contains(first)
    }

    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "no", "fig", "inc", "ltd",
        "co", "corp", "gen", "col", "lt", "sgt", "capt", "mt", "u.s", "u.k", "a.m", "p.m", "approx", "ca", "cf",
    ]

    /// Whether the `.` at `dotAt` ends an abbreviation or an initial rather than a sentence.
    private static func isAbbreviation(_ scalars: [Unicode.Scalar], dotAt: Int) -> Bool {
        var begin = dotAt
        while begin > 0, !scalars[begin - 1].properties.isWhitespace, scalars[begin - 1] != "(" { begin -= 1 }
        let word = String(String.UnicodeScalarView(scalars[begin..<dotAt])).lowercased()
        if word.count == 1, word.unicodeScalars.first?.properties.isAlphabetic == true { return true }
        return abbreviations.contains(word)
    }

    /// The lowercased words of a text (letters and digits; inner apostrophes, hyphens and decimal points kept).
    public static func words<S: StringProtocol>(_ text: S) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty, "'’-.,".unicodeScalars.contains(scalar), index + 1 < scalars.count,
                      scalars[index + 1].properties.isAlphabetic || scalars[index + 1].properties.numericType != nil,
                      scalar == "'" || scalar == "’" || scalar == "-"
                        || (current.last?.properties.numericType != nil && scalars[index + 1].properties.numericType != nil) {
                // Keep "don't", "x-ray", "3.5" and "1,000" whole; drop the separator of thousands.
                if scalar != "," { current.append(scalar == "’" ? "'" : scalar) }
            } else if !current.isEmpty {
                words.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words
    }

    /// A word of `words` without a possessive "'s" ("tesla's" → "tesla").
    public static func withoutPossessive(_ word: String) -> String {
        word.hasSuffix("'s") && word.count > 2 ? String(word.dropLast(2)) : word
    }

    /// Whether a word of `words` is a numeral: digits, with decimal points ("1000", "3.5"; not "sqlite3").
    public static func isNumeral(_ word: String) -> Bool {
        word.first?.isNumber == true && word.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// The stemmed content terms of a text: words without `TextAnalyzer.stopwords`, each reduced by
    /// `TextAnalyzer.stem` (the index's Snowball stemmer).
    public static func contentTerms<S: StringProtocol>(_ text: S) -> [String] {
        words(text).compactMap { word in
            let bare = withoutPossessive(word)
            guard !bare.isEmpty, !TextAnalyzer.stopwords.contains(bare) else { return nil }
            return TextAnalyzer.stem(bare)
        }
    }
}
