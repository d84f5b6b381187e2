import FootnoteCore
import TextAnalysis
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
                if following.contains(where: { measureWords.contains($0) || measureWords.contains(TextAnalyzer.stem($0)) }) { return true }
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
