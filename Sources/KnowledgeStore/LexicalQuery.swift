import Foundation
import TextAnalysis

/// A user's query turned into a safe FTS5 MATCH expression. Plain words are OR-ed (BM25 ranks
/// documents matching more of them higher); `"quoted phrases"`, `-excluded` terms and `prefix*`
/// keep their meaning; every term is quoted, so no input can raise an FTS5 syntax error.
public struct LexicalQuery: Sendable, Hashable {
    /// The MATCH expression, or nil when the query has nothing to search for.
    public let matchExpression: String?
    /// The terms that take part in matching (for explanations and highlighting).
    public let terms: [String]
    /// The weight of each FTS5 phrase before the expression's `NOT` part (they come first): how often the
    /// query repeats the word it comes from (BM25's query-term frequency, as bm25s and Lucene count it: a
    /// query that names a topic three times is about that topic). The ranking function multiplies each
    /// phrase's term by it; its document side counts these phrases only.
    public let phraseWeights: [Int]

    /// What every hit must satisfy whatever the ranking: each quoted phrase present (`requiredExpression`,
    /// the phrases AND-ed) and no excluded term present (`excludedExpression`, the exclusions OR-ed). The
    /// lexical leg gets them from its MATCH expression plus a required-phrase clause; the semantic leg
    /// scans only the chunks that satisfy them.
    public let requiredExpression: String?
    public let excludedExpression: String?

    /// Whether `matchExpression` alone already requires every quoted phrase.
    public let matchEnforcesRequired: Bool

    /// Whether the query constrains which chunks may be hits (a quoted phrase or an exclusion).
    public var hasConstraints: Bool { requiredExpression != nil || excludedExpression != nil }

    /// How many FTS5 phrases the expression has before its `NOT` part.
    public var positivePhraseCount: Int { phraseWeights.count }

    /// Parses `query`. Stopwords are dropped from the OR-ed words unless nothing else remains; a repeated
    /// word appears once in the expression and weighs as often as it was repeated; a repeated phrase,
    /// prefix or exclusion counts once.
    public init(_ query: String) {
        var positives: [(item: String, phrases: Int, count: Int)] = []
        var negatives: [String] = []
        var quoted: [String] = []
        var words: [String] = []
        var stopwordItems: [(item: String, phrases: Int, count: Int)] = []
        var seen: [String: (stopword: Bool, index: Int)] = [:]
        for token in Self.tokens(of: query) {
            guard let (item, phrases) = Self.expression(for: token) else { continue }
            let key = (token.excluded ? "-" : "") + item.lowercased()
            if let earlier = seen[key] {
                // Only a plain word weighs more for being repeated.
                guard !(token.excluded || token.isPhrase || token.isPrefix) else { continue }
                if earlier.stopword { stopwordItems[earlier.index].count += 1 } else { positives[earlier.index].count += 1 }
                continue
            }
            if token.excluded {
                seen[key] = (false, negatives.count)
                negatives.append(item)
            } else if !token.isPhrase, !token.isPrefix, TextAnalyzer.isStopword(token.text) {
                seen[key] = (true, stopwordItems.count)
                stopwordItems.append((item, phrases, 1))
            } else {
                seen[key] = (false, positives.count)
                positives.append((item, phrases, 1))
                words.append(token.text)
                if token.isPhrase { quoted.append(item) }
            }
        }
        requiredExpression = quoted.isEmpty ? nil : quoted.joined(separator: " AND ")
        // A lone quoted phrase is the whole positive part of the MATCH expression: it enforces itself.
        matchEnforcesRequired = quoted.isEmpty || (positives.count == 1 && quoted.count == 1)
        excludedExpression = negatives.isEmpty ? nil : negatives.joined(separator: " OR ")
        if positives.isEmpty {
            positives = stopwordItems
        }
        terms = words
        phraseWeights = positives.flatMap { Array(repeating: $0.count, count: $0.phrases) }
        guard !positives.isEmpty else {
            matchExpression = nil
            return
        }
        var expression = positives.count == 1 ? positives[0].item : "(" + positives.map(\.item).joined(separator: " OR ") + ")"
        if !negatives.isEmpty {
            expression += " NOT (" + negatives.joined(separator: " OR ") + ")"
        }
        matchExpression = expression
    }

    struct Token {
        var text: String
        var excluded = false
        var isPhrase = false
        var isPrefix = false
    }

    /// Splits a query into phrases and words, noting `-` and trailing `*`.
    static func tokens(of query: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(query.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace { index += 1; continue }
            var excluded = false
            if scalar == "-", index + 1 < scalars.count, !scalars[index + 1].properties.isWhitespace,
               index == 0 || scalars[index - 1].properties.isWhitespace {
                excluded = true
                index += 1
            }
            if index < scalars.count, scalars[index] == "\"" {
                var end = index + 1
                while end < scalars.count, scalars[end] != "\"" { end += 1 }
                let text = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                tokens.append(Token(text: text, excluded: excluded, isPhrase: true))
                index = end + 1
                continue
            }
            var end = index
            while end < scalars.count, !scalars[end].properties.isWhitespace, scalars[end] != "\"" { end += 1 }
            var text = String(String.UnicodeScalarView(scalars[index..<end]))
            var isPrefix = false
            if text.hasSuffix("*") {
                isPrefix = true
                while text.hasSuffix("*") { text.removeLast() }
            }
            // A word like "e-mail" or "C++" splits into FTS5 tokens; each part becomes a term.
            for part in words(in: text) {
                tokens.append(Token(text: part, excluded: excluded, isPrefix: isPrefix && part == words(in: text).last))
            }
            index = end
        }
        return tokens
    }

    /// Runs of letters and digits, as unicode61 would see them, with CJK runs kept apart.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var currentIsCJK = false
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            let props = scalar.properties
            let isWordScalar = props.isAlphabetic || props.numericType != nil || props.generalCategory == .nonspacingMark
            guard isWordScalar else { flush(); continue }
            let cjk = CJKBigrams.isCJK(scalar)
            if !current.isEmpty && cjk != currentIsCJK { flush() }
            currentIsCJK = cjk
            current.append(scalar)
        }
        flush()
        return words
    }

    /// The FTS5 expression for one token and how many phrases it holds, or nil when it has no searchable characters.
    static func expression(for token: Token) -> (item: String, phrases: Int)? {
        let parts = words(in: token.text)
        guard !parts.isEmpty else { return nil }
        var pieces: [String] = []
        var latin: [String] = []
        for part in parts {
            if part.unicodeScalars.first.map(CJKBigrams.isCJK) == true {
                let bigrams = CJKBigrams.bigrams(of: Array(part.unicodeScalars))
                let phrase = quoted(bigrams.joined(separator: " "))
                pieces.append(bigrams.count == 1 && part.unicodeScalars.count == 1 ? phrase + "*" : phrase)
            } else {
                latin.append(part)
            }
        }
        if !latin.isEmpty {
            // Words of one phrase stay one phrase; a lone word is a one-word phrase.
            pieces.insert(quoted(latin.joined(separator: " ")) + (token.isPrefix ? "*" : ""), at: 0)
        }
        return (pieces.count == 1 ? pieces[0] : "(" + pieces.joined(separator: " AND ") + ")", pieces.count)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
