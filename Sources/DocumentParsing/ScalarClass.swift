/// Character classes the parsers and the chunker need, on single Unicode scalars.
enum ScalarClass {
    /// Whitespace, including no-break space and the ideographic space.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000, 0xFEFF:
            true
        default:
            false
        }
    }

    /// Ideographs, kana and hangul: BERT (and readers) treat each as a word of its own.
    @inline(__always)
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF,  // hiragana, katakana
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // CJK ideographs
            0x20000...0x2FA1F,
            0xAC00...0xD7AF,  // hangul syllables
            0x3000...0x303F, 0xFF00...0xFFEF:  // CJK punctuation, full-width forms
            true
        default:
            false
        }
    }

    /// Sentence-ending punctuation (Latin and CJK).
    @inline(__always)
    static func isSentenceEnd(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case ".", "!", "?", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF0E}", "\u{2026}": true
        default: false
        }
    }

    /// Closing quotes and brackets that may follow a sentence end.
    @inline(__always)
    static func isClosing(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\"", "'", ")", "]", "\u{201D}", "\u{2019}", "\u{300D}", "\u{300F}", "\u{FF09}": true
        default: false
        }
    }
}

extension String {
    /// The string with runs of whitespace collapsed to one space and the ends trimmed.
    var collapsingWhitespace: String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in unicodeScalars {
            if ScalarClass.isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The string without leading and trailing whitespace.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !ScalarClass.isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !ScalarClass.isWhitespace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
