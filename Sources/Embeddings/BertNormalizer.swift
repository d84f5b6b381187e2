import Foundation

/// The character classes and normalisation of Hugging Face's `BertNormalizer` and
/// `BertPreTokenizer` (tokenizers crate, `normalizers/bert.rs` and `pre_tokenizers/bert.rs`).
enum BertNormalizer {
    /// Clean text, space out CJK ideographs, strip accents (NFD minus Mn) and lowercase, in the
    /// crate's order. Accent stripping is on whenever lowercasing is (`strip_accents: null`).
    static func normalize(_ input: ArraySlice<Unicode.Scalar>, lowercase: Bool) -> [Unicode.Scalar] {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(input.count + 8)
        var ascii = true
        for scalar in input {
            let v = scalar.value
            if v < 0x80 {
                // Fast path: ASCII controls other than \t \n \r are dropped; whitespace becomes ' '.
                if v == 0x09 || v == 0x0A || v == 0x0D || v == 0x20 {
                    cleaned.append(" ")
                } else if v >= 0x21 && v != 0x7F {
                    cleaned.append(scalar)
                }
                continue
            }
            ascii = false
            if v == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isChineseCharacter(v) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        guard lowercase else { return cleaned }
        if ascii {
            return cleaned.map { $0.value >= 0x41 && $0.value <= 0x5A ? Unicode.Scalar($0.value + 32)! : $0 }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: cleaned)
        let decomposed = String(text).decomposedStringWithCanonicalMapping
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(cleaned.count + 8)
        for scalar in decomposed.unicodeScalars where category(scalar) != .nonspacingMark {
            if scalar.value < 0x80 {
                out.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// Whitespace as the crate sees it: \t, \n, \r and Unicode White_Space.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value == 0x20 || (s.value >= 0x09 && s.value <= 0x0D) }
        return s.properties.isWhitespace
    }

    /// Control as the crate sees it: categories Cc, Cf, Co, Cs except \t, \n, \r (unassigned code
    /// points are kept, unlike the crate comment says: measured against tokenizers 0.23).
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: return false
        default:
            switch category(s) {
            case .control, .format, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    /// The Unicode version of the crate's category tables (`unicode_categories` 0.1): characters
    /// assigned later count as unassigned there, so they are neither marks, punctuation nor controls.
    static let categoryTablesVersion = (major: 8, minor: 0)

    /// The general category the tokenizers crate sees (nil: unassigned in its tables).
    @inline(__always)
    static func category(_ s: Unicode.Scalar) -> Unicode.GeneralCategory? {
        if s.value >= 0x166D, let changed = categoryChanges[s.value] { return changed }
        guard let age = s.properties.age,
              age.major < categoryTablesVersion.major
                || (age.major == categoryTablesVersion.major && age.minor <= categoryTablesVersion.minor)
        else { return nil }
        return s.properties.generalCategory
    }

    /// Characters whose category changed after Unicode 8.0, with their 8.0 category (found by
    /// probing every code point below U+30000 against tokenizers 0.23).
    static let categoryChanges: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation, 0x1734: .nonspacingMark, 0x1885: .otherLetter, 0x1886: .otherLetter,
        0xA9BD: .spacingMark, 0x111C9: .otherPunctuation, 0x1171E: .nonspacingMark,
    ]

    /// ASCII punctuation/symbols or any Unicode P* category.
    @inline(__always)
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        switch category(s) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The crate's CJK ranges (note 0x2B920, not 0x2B820, as in the crate).
    @inline(__always)
    static func isChineseCharacter(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B920...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
