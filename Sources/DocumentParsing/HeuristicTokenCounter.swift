import FootnoteCore

/// A deterministic estimate of the BERT WordPiece token count (uncased vocabulary), used when
/// the real tokenizer is not loaded. Words split on whitespace and punctuation; each
/// punctuation mark and each CJK character is one token; long words cost more. The estimate
/// is additive over whitespace-separated words, which the chunker relies on, and errs high.
public struct HeuristicTokenCounter: TokenCounter {
    public init() {}

    public func tokenCount(_ text: Substring) -> Int {
        var count = 0
        var run = 0
        var runKind = RunKind.latin
        for scalar in text.unicodeScalars {
            let kind: RunKind?
            let value = scalar.value
            if value < 0x80 {
                // ASCII fast path: most text is ASCII, and Unicode property look-ups are slow.
                switch value {
                case 0x30...0x39: kind = .digits
                case 0x41...0x5A, 0x61...0x7A: kind = .latin
                case 0x09...0x0D, 0x20:
                    count += Self.cost(run, runKind)
                    run = 0
                    continue
                default: kind = nil
                }
            } else if ScalarClass.isWhitespace(scalar) {
                count += Self.cost(run, runKind)
                run = 0
                continue
            } else if ScalarClass.isCJK(scalar) {
                kind = nil
            } else if Self.isDigit(scalar) {
                kind = .digits
            } else if scalar.properties.isAlphabetic {
                kind = value < 0x250 ? .latin : .otherScript
            } else {
                kind = nil
            }
            guard let kind else {
                // Punctuation, symbols and CJK characters are one token each.
                count += Self.cost(run, runKind) + 1
                run = 0
                continue
            }
            if run > 0 && kind != runKind {
                count += Self.cost(run, runKind)
                run = 0
            }
            runKind = kind
            run += 1
        }
        return count + Self.cost(run, runKind)
    }

    private enum RunKind { case latin, digits, otherScript }

    @inline(__always)
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }

    /// WordPiece splits long or rare words into several pieces: roughly one per 5 letters past
    /// the sixth, one per 4 digits, one per 3 letters of non-Latin scripts.
    @inline(__always)
    private static func cost(_ length: Int, _ kind: RunKind) -> Int {
        guard length > 0 else { return 0 }
        switch kind {
        case .latin: return length <= 6 ? 1 : 2 + (length - 7) / 5
        case .digits: return 1 + (length - 1) / 4
        case .otherScript: return 1 + (length - 1) / 3
        }
    }
}
