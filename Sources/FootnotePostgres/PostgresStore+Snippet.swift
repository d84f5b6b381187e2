import FootnoteSQLite
import KnowledgeStore

extension PostgresStore {
    /// The window of at most `width` tokens of `text` holding the most query terms, terms wrapped in `[` `]`
    /// and a cut marked by `…` (what the SQLite index's `snippet(chunks_fts, 2, '[', ']', '…', 40)` shows;
    /// FTS5's own choice of window also weighs phrase variety, so the two may pick different windows).
    /// nil when no query term occurs in `text` (the caller shows the passage's beginning instead).
    static func snippet(_ text: String, phrases: [PhraseTerms], width: Int = 40) -> String? {
        guard let analyzer = try? fullTextAnalyzer() else { return nil }
        let tokens = analyzer.tokens(text)
        let hit = tokens.map { token in
            phrases.contains { phrase in phrase.terms.indices.contains { phrase.accepts(token.term, at: $0) } }
        }
        guard hit.contains(true) else { return nil }
        var first = 0
        if tokens.count > width {
            var best = -1
            for start in 0...(tokens.count - width) {
                let count = hit[start..<(start + width)].filter { $0 }.count
                if count > best { best = count; first = start }
            }
        }
        let last = min(tokens.count, first + width) - 1
        let bytes = Array(text.utf8)
        var output: [UInt8] = first > 0 ? Array("…".utf8) : []
        var cursor = first > 0 ? tokens[first].start : 0
        for index in first...last {
            let token = tokens[index]
            guard token.start >= cursor, token.end <= bytes.count, token.start <= token.end else { continue }
            output += bytes[cursor..<token.start]
            if hit[index] { output += Array("[".utf8) }
            output += bytes[token.start..<token.end]
            if hit[index] { output += Array("]".utf8) }
            cursor = token.end
        }
        if last < tokens.count - 1 {
            output += Array("…".utf8)
        } else if cursor < bytes.count {
            output += bytes[cursor...]
        }
        return String(decoding: output, as: UTF8.self)
    }
}
