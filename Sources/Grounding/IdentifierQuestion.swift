import FootnoteCore
import TextAnalysis
/// Questions that ask for the name of a thing a manual documents by name — a setting, an option, a flag, a
/// function, an attribute ("Which pg_restore option lets a restore use several CPU cores…", "Is there a knob that
/// caps…", "Which C function starts an online backup?") — and the text that can answer them: one that writes
/// an identifier the question does not (`--jobs`, `temp_file_limit`, `BYPASSRLS`, `postgresql.auto.conf`). The
/// expected answer type of classic extractive QA, for the type technical documents answer most.
public enum IdentifierQuestion {
    /// Words naming a kind of identifier (singular; a plural is stemmed to it).
    static let kindWords: Set<String> = [
        "option", "setting", "parameter", "flag", "switch", "attribute", "operator", "function", "command", "pragma", "macro",
        "variable", "knob", "keyword", "clause", "directive", "property", "field", "column", "file", "mode", "method",
        "interface", "api", "privilege", "role", "view", "extension", "module", "tool", "program", "utility", "type",
    ]

    /// Whether `question` asks for a name: "which" or "what" followed within three words by a kind word
    /// ("Which VACUUM option…", "What setting…"), or "is there a/an/any" followed within four words by one
    /// ("Is there a server option…", "Is there a knob…").
    public static func matches(_ question: String) -> Bool {
        let words = TextUnits.words(question)
        func names(_ slice: ArraySlice<String>) -> Bool {
            slice.contains { kindWords.contains($0) || kindWords.contains(TextAnalyzer.stem($0)) || ($0.hasSuffix("s") && kindWords.contains(String($0.dropLast()))) }
        }
        for (index, word) in words.enumerated() {
            if word == "which" || word == "what", names(words[(index + 1)..<min(words.count, index + 4)]) { return true }
            if word == "is", index + 2 < words.count, words[index + 1] == "there", ["a", "an", "any"].contains(words[index + 2]),
               names(words[(index + 3)..<min(words.count, index + 7)]) {
                return true
            }
        }
        return false
    }

    /// Whether `text` writes an identifier that `question` does not: a word joined by underscores
    /// (`temp_file_limit`, `SKIP_LOCKED`), a command-line option (`--jobs`, `-j`), a word in capitals of four
    /// or more letters (`BYPASSRLS`, `BRIN`), or a file name (`postgresql.auto.conf`).
    public static func statesIdentifier(_ text: String, question: String) -> Bool {
        let asked = Set(tokens(question).map { $0.lowercased() })
        return tokens(text).contains { token in isIdentifier(token) && !asked.contains(token.lowercased()) }
    }

    /// Whitespace-separated tokens without the punctuation around them.
    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).compactMap { piece in
            let trimmed = piece.trimmingPrefix(while: { "([{\"'“‘`,;:".contains($0) })
            let token = String(trimmed.reversed().drop(while: { ")]}\"'”’`,;:.!?".contains($0) }).reversed())
            return token.isEmpty ? nil : token
        }
    }

    static func isIdentifier(_ token: String) -> Bool {
        let letters = token.filter(\.isLetter)
        guard !letters.isEmpty else { return false }
        if token.hasPrefix("-") {
            // `--jobs`, `--max-rate=rate`, `-j`; not a dash or a negative number.
            let name = token.drop(while: { $0 == "-" })
            return token.count >= 2 && name.first?.isLetter == true && token.prefix(3) != "---"
        }
        if token.contains("_") { return token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "(" || $0 == ")" } }
        if letters.count >= 4, letters.allSatisfy(\.isUppercase), token.allSatisfy({ $0.isLetter || $0.isNumber }) { return true }
        // A file name: two or more parts of at least two letters or digits each, the last made of letters.
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { $0.count >= 2 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
            && parts.last?.allSatisfy(\.isLetter) == true && parts.first?.first?.isLetter == true
    }
}
