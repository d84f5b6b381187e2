/// Questions that ask for an amount ("How many autovacuum workers…", "How long does the WAL writer nap…",
/// "What is the maximum number of columns…") and the text that can answer them: a number, written in
/// digits ("1000", "64MB", "200ms", "2G") or in words ("three", "one minute"). The expected answer type
/// of classic extractive QA, reduced to the one type a sentence's words show reliably.
public enum QuantityQuestion {
    /// Words after "how" that ask for an amount.
    static let howWords: Set<String> = [
        "many", "much", "long", "big", "large", "old", "often", "far", "fast", "high", "small", "wide", "deep", "heavy", "soon",
    ]
    /// Words that, after "what" or "which", ask for an amount or a date.
    static let measureWords: Set<String> = [
        "year", "percentage", "percent", "size", "number", "amount", "limit", "maximum", "minimum", "default", "port", "age",
    ]
    /// Numbers written as words.
    static let numberWords: Set<String> = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
        "twenty", "thirty", "fifty", "hundred", "thousand", "million", "billion", "trillion", "half", "twice", "dozen",
    ]

    /// Whether `question` asks for an amount: "how many/much/long/…", or "what/which" followed within
    /// three words by a word of measure ("What is the maximum…", "Which port…", "What year…").
    public static func matches(_ question: String) -> Bool {
        let words = TextUnits.words(question)
        for (index, word) in words.enumerated() {
            if word == "how", index + 1 < words.count, howWords.contains(words[index + 1]) { return true }
            if word == "what" || word == "which" {
                let following = words[(index + 1)..<min(words.count, index + 4)]
                if following.contains(where: { measureWords.contains($0) || measureWords.contains(TextUnits.stem($0)) }) { return true }
            }
        }
        return false
    }

    /// Whether `text` states a number: a word that starts with a digit ("1000", "64mb", "200ms"; not
    /// "sqlite3") or a number word.
    public static func statesValue(_ text: String) -> Bool {
        TextUnits.words(text).contains { word in word.first?.isNumber == true || numberWords.contains(word) }
    }
}

/// Questions that ask which setting, option or command does something ("Which VACUUM option makes it
/// skip locked tables?", "How do I back up only the roles?") and the text that can answer them: a name
/// written as code — a flag (`--globals-only`), a snake_case name (`maintenance_work_mem`), an
/// upper-case keyword (`FORCE_NULL`, `CONCURRENTLY`) — that the question does not already hold.
public enum NameQuestion {
    /// Nouns that, after "which" or "what", ask for a name.
    static let nameWords: Set<String> = [
        "option", "flag", "switch", "setting", "parameter", "attribute", "command", "clause", "keyword", "function",
        "escape", "mode", "privilege", "variable", "argument", "pragma", "statement", "file", "column", "table", "view",
    ]

    /// Whether `question` asks for a name: "which/what" followed within three words by a noun of
    /// `nameWords`, or "how do/can/would I/we/you" (answered in manuals by a command or an option).
    public static func matches(_ question: String) -> Bool {
        let words = TextUnits.words(question)
        for (index, word) in words.enumerated() {
            if word == "which" || word == "what" {
                let following = words[(index + 1)..<min(words.count, index + 4)]
                if following.contains(where: { nameWords.contains($0) || nameWords.contains(TextUnits.stem($0)) }) { return true }
            }
            if word == "how", index + 2 < words.count, ["do", "can", "would", "should"].contains(words[index + 1]),
               ["i", "we", "you"].contains(words[index + 2]) { return true }
        }
        return false
    }

    /// Whether `text` holds a name written as code that `question` does not hold.
    public static func statesName(_ text: String, question: String) -> Bool {
        let asked = Set(question.split(whereSeparator: \.isWhitespace).map { token($0).lowercased() })
        return text.split(whereSeparator: \.isWhitespace).contains { raw in
            let name = token(raw)
            return isCode(name) && !asked.contains(name.lowercased())
        }
    }

    /// `raw` without the punctuation around it.
    static func token<S: StringProtocol>(_ raw: S) -> String {
        String(raw.drop { ",.;:()\"'“”‘’[]{}".contains($0) }.reversed().drop { ",.;:()\"'“”‘’[]{}".contains($0) }.reversed())
    }

    /// A flag, a snake_case name or an upper-case keyword of three letters or more.
    static func isCode(_ name: String) -> Bool {
        let letters = name.filter(\.isLetter)
        guard letters.count >= 3 else { return false }
        if name.hasPrefix("-"), name.dropFirst().drop(while: { $0 == "-" }).first?.isLetter == true { return true }
        if name.contains("_"), name.first?.isLetter == true { return true }
        return letters.allSatisfy(\.isUppercase) && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
