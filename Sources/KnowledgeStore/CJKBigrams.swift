/// Segments CJK text into overlapping bigrams, so that Chinese and Japanese words (which have no
/// spaces) can be matched by FTS5's unicode61 tokenizer, which would keep a whole CJK run as one token.
public enum CJKBigrams {
    /// Whether a scalar belongs to a CJK script (Han, kana, Hangul).
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F, 0xF900...0xFAFF,
             0xFF66...0xFF9F, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Runs of consecutive CJK scalars in `text`.
    static func runs(in text: String) -> [[Unicode.Scalar]] {
        var runs: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The bigrams of one run ("東京都" → ["東京", "京都"]); a single character stays as it is.
    static func bigrams(of run: [Unicode.Scalar]) -> [String] {
        guard run.count > 1 else { return run.map { String($0) } }
        return (0..<(run.count - 1)).map { String(String.UnicodeScalarView(run[$0...($0 + 1)])) }
    }

    /// The text to store in the `cjk` column: all bigrams of all runs, space-separated.
    public static func indexText(for text: String) -> String {
        runs(in: text).flatMap(bigrams(of:)).joined(separator: " ")
    }
}
