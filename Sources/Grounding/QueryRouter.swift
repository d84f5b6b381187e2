import FootnoteCore
import Foundation

/// Classifies a query before retrieval: citation lookup, calculator, small talk or knowledge
/// question (with a difficulty that picks the fast or the deliberate model). Rules, not a model:
/// every decision carries the rule that made it.
public struct QueryRouter: Sendable {
    private let calculator = Calculator()
    private let parser = CalculatorQueryParser()

    public init() {}

    /// Routes `query`.
    public func route(_ query: String) -> RoutingDecision {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let ids = Self.citationIDs(in: trimmed)
        if !ids.isEmpty {
            return RoutingDecision(route: .citationLookup, reason: "names citation id \(ids.joined(separator: ", "))", citationIDs: ids)
        }
        switch parser.parse(trimmed, calculator: calculator) {
        case let .success(calculation)?:
            return RoutingDecision(route: .calculator, reason: "arithmetic or unit conversion: \(calculation.expression)", calculation: calculation)
        case let .failure(error)?:
            return RoutingDecision(route: .calculator, reason: "arithmetic with no value", calculationError: error.description)
        case nil:
            break
        }
        if let reply = SmallTalk.reply(to: trimmed) {
            return RoutingDecision(route: .smallTalk, reason: "greeting or small talk", reply: reply)
        }
        let (difficulty, why) = Self.difficulty(of: trimmed)
        return RoutingDecision(route: .knowledge, difficulty: difficulty, reason: "knowledge question; \(why)")
    }

    /// `fn:<hex>:<start>-<end>` ids in a text, in order.
    public static func citationIDs(in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: "fn:[0-9a-fA-F]{6,64}:[0-9]+-[0-9]+") else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]) }
        }
    }

    private static let reasoningCues = [
        "why ", "why?", "explain", "compare", "comparison", "difference between", "differences between", "differ from",
        "pros and cons", "advantages", "disadvantages", "trade-off", "tradeoff", "step by step", "step-by-step",
        "analy", "implication", "what would happen", "what happens if", "what if", "relationship between",
        "versus", " vs ", " vs. ", "summari", "walk me through", "in detail", "how does", "how do ", "how would",
        "how could", "how should", "should i", "should we", "impact of", "effect of", "affect", "consequence",
        "reason for", "reasons", "justify", "evaluate", "assess", "better than", "worse than", "best way",
        "strategy", "plan ", "design", "outline", "overview of", "describe how", "describe the process",
    ]

    /// Simple (one fact) or complex (several parts, comparison, cause, explanation, or long).
    public static func difficulty(of query: String) -> (QueryDifficulty, String) {
        let lower = " " + query.lowercased() + " "
        let words = TextUnits.words(query)
        if words.count > 24 { return (.complex, "long question (\(words.count) words) → deliberate model") }
        if query.filter({ $0 == "?" }).count >= 2 { return (.complex, "several questions → deliberate model") }
        if let cue = reasoningCues.first(where: { lower.contains($0) }) {
            return (.complex, "reasoning cue '\(cue.trimmingCharacters(in: .whitespaces))' → deliberate model")
        }
        let multiPart = ["; ", " and what ", " and how ", " and why ", " and when ", " and where ", " and who ",
                         " and which ", " as well as ", " also what ", ", and what ", " and list "]
        if let cue = multiPart.first(where: { lower.contains($0) }) {
            return (.complex, "multi-part question ('\(cue.trimmingCharacters(in: .whitespaces))') → deliberate model")
        }
        return (.simple, "short factual question → fast model")
    }
}

/// Greetings, thanks and chit-chat, answered without retrieval.
enum SmallTalk {
    private static let greetings = [
        "hi", "hello", "hey", "heya", "hiya", "yo", "greetings", "good morning", "good afternoon", "good evening",
        "morning", "howdy", "hi there", "hello there", "hey there",
    ]
    private static let phrases: [String: String] = [
        "thanks": "You're welcome.", "thank you": "You're welcome.", "thx": "You're welcome.", "ty": "You're welcome.",
        "thanks a lot": "You're welcome.", "thank you so much": "You're welcome.", "much appreciated": "You're welcome.",
        "cheers": "You're welcome.", "great thanks": "You're welcome.", "ok thanks": "You're welcome.",
        "okay thanks": "You're welcome.", "thanks again": "You're welcome.", "thank you very much": "You're welcome.",
        "bye": "Goodbye.", "goodbye": "Goodbye.", "see you": "Goodbye.", "see you later": "Goodbye.",
        "good night": "Goodbye.", "later": "Goodbye.", "see ya": "Goodbye.",
        "how are you": "I'm ready to answer questions about your documents.",
        "how are you doing": "I'm ready to answer questions about your documents.",
        "how's it going": "I'm ready to answer questions about your documents.",
        "hows it going": "I'm ready to answer questions about your documents.",
        "what's up": "Ready when you are: ask a question about your documents.",
        "whats up": "Ready when you are: ask a question about your documents.",
        "sup": "Ready when you are: ask a question about your documents.",
        "who are you": "I'm Footnote: I answer questions from your indexed documents, citing the exact passages.",
        "what are you": "I'm Footnote: I answer questions from your indexed documents, citing the exact passages.",
        "are you a bot": "I'm Footnote, a program that answers from your indexed documents with citations.",
        "are you human": "I'm Footnote, a program that answers from your indexed documents with citations.",
        "what can you do": "Ask a question about your indexed documents and I answer with citations to the exact passages; I also do arithmetic and unit conversions.",
        "help": "Ask a question about your indexed documents and I answer with citations to the exact passages; I also do arithmetic and unit conversions.",
        "ok": "Okay.", "okay": "Okay.", "cool": "Glad it helped.", "great": "Glad it helped.", "nice": "Glad it helped.",
        "awesome": "Glad it helped.", "perfect": "Glad it helped.", "good job": "Thanks!", "well done": "Thanks!",
        "lol": "Glad that amused you.", "nice to meet you": "Nice to meet you too.", "are you there": "Yes, I'm here.",
        "good": "Glad it helped.", "got it": "Okay.", "i see": "Okay.", "you're welcome": "Okay.",
    ]

    /// A reply when `text` is only a greeting or chit-chat; nil when it asks something.
    static func reply(to text: String) -> String? {
        var normalized = text.lowercased()
            .replacingOccurrences(of: "’", with: "'")
            .components(separatedBy: CharacterSet.letters.union(CharacterSet(charactersIn: "' ")).inverted)
            .joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        if let reply = phrases[normalized] { return reply }
        for suffix in [" footnote", " bot", " friend", " there", " again", " buddy", " all", " everyone"] where normalized.hasSuffix(suffix) {
            normalized = String(normalized.dropLast(suffix.count))
        }
        if normalized.isEmpty { return nil }
        if let reply = phrases[normalized] { return reply }
        // "Thanks, that helped": thanks followed by a remark, not by a question.
        if !text.contains("?"), let thanks = ["thank you", "thanks", "thx", "many thanks"].first(where: { normalized.hasPrefix($0 + " ") }) {
            let rest = normalized.dropFirst(thanks.count + 1)
            let asks = ["what", "who", "whom", "whose", "when", "where", "why", "how", "which", "can", "could", "is", "are", "does",
                        "do", "did", "tell", "explain", "show", "find", "list", "give"]
            if let first = rest.split(separator: " ").first, !asks.contains(String(first)) { return "You're welcome." }
        }
        for greeting in greetings.sorted(by: { $0.count > $1.count }) where normalized == greeting || normalized.hasPrefix(greeting + " ") {
            let rest = String(normalized.dropFirst(greeting.count)).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty { return "Hello! Ask me a question about your documents." }
            if let reply = phrases[rest] { return reply }
            return nil
        }
        return nil
    }
}
