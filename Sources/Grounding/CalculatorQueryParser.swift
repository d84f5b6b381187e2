import FootnoteCore
import Foundation

/// Recognises arithmetic and unit conversions written in words or symbols ("what is 15% of 80",
/// "12 times 7", "convert 5 km to miles", "how many feet in a mile") and evaluates them.
/// Returns nil for anything else, so a question that merely contains numbers goes to retrieval; an
/// expression that is arithmetic but has no value ("1/0", "2 +") is the calculator's failure to report,
/// not a question for the documents.
struct CalculatorQueryParser: Sendable {
    private let converter = UnitConverter()

    private static let prefixes = [
        "what is", "what's", "whats", "what are", "calculate", "compute", "how much is", "how much are", "evaluate",
        "solve", "please", "can you", "could you", "tell me", "quick question", "hey", "result of", "the result of",
        "what does", "what do", "give me", "work out", "find", "convert", "how many", "=",
    ]

    func parse(_ query: String, calculator: Calculator) -> Result<Calculator.Result, GroundingError>? {
        let text = Self.normalise(query)
        if let conversion = conversion(text) { return .success(conversion) }
        var expression = Self.stripPrefixes(text)
        for suffix in [" equal", " equals", " make", " come to", " give"] where expression.hasSuffix(suffix) {
            expression = String(expression.dropLast(suffix.count))
        }
        let symbolic = Self.symbolic(expression)
        guard Self.looksArithmetic(symbolic) else { return nil }
        do {
            let value = try calculator.evaluate(symbolic)
            return .success(Calculator.Result(expression: symbolic, value: value, unit: nil, text: "\(symbolic) = \(Calculator.format(value))"))
        } catch let error as GroundingError {
            return .failure(error)
        } catch {
            return .failure(.invalidExpression(expression: symbolic, reason: "\(error)"))
        }
    }

    /// Lowercased, trailing punctuation and filler removed, whitespace collapsed.
    static func normalise(_ query: String) -> String {
        var text = query.lowercased().replacingOccurrences(of: "’", with: "'")
        while let last = text.unicodeScalars.last, "?!. ".unicodeScalars.contains(last) {
            // "10!" is a factorial, not an exclamation.
            let scalars = Array(text.unicodeScalars)
            if last == "!", scalars.count >= 2, scalars[scalars.count - 2].properties.numericType != nil { break }
            text.unicodeScalars.removeLast()
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func stripPrefixes(_ text: String) -> String {
        var text = text
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes where text.hasPrefix(prefix + " ") || text == prefix {
                text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
            for filler in ["me ", "please ", "the value of ", "the answer to ", "exactly ", "the "] where text.hasPrefix(filler) {
                text = String(text.dropFirst(filler.count))
                changed = true
            }
        }
        return text
    }

    private static let replacements: [(String, String)] = [
        ("to the power of", "^"), ("raised to the power of", "^"), ("raised to", "^"), ("multiplied by", "*"),
        ("divided by", "/"), ("square root of", "sqrt "), ("the square root of", "sqrt "), ("cube root of", "cbrt "),
        ("percent of", "% *"), ("% of", "% *"), ("per cent of", "% *"), ("percent", "%"), ("squared", "^2"), ("cubed", "^3"),
        ("plus", "+"), ("minus", "-"), ("times", "*"), ("over", "/"), ("modulo", "mod"), ("factorial of", "fact "),
        ("added to", "+"), ("subtracted from", "-from"), ("sum of", ""), ("and", "+"),
    ]

    /// Words to symbols: "15 percent of 80" → "15 % * 80", "3 x 4" → "3 * 4".
    static func symbolic(_ text: String) -> String {
        var text = " " + text + " "
        for (words, symbol) in replacements {
            text = text.replacingOccurrences(of: " " + words + " ", with: " " + symbol + " ")
            if words.hasPrefix("%") { text = text.replacingOccurrences(of: words + " ", with: symbol + " ") }
        }
        if let regex = try? NSRegularExpression(pattern: "([0-9)])\\s*x\\s*([0-9(])") {
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1 * $2")
        }
        // "a -from b" means b - a.
        if let regex = try? NSRegularExpression(pattern: "^\\s*(\\S+)\\s+-from\\s+(\\S+)\\s*$"),
           let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let first = Range(match.range(at: 1), in: text), let second = Range(match.range(at: 2), in: text) {
            text = "\(text[second]) - \(text[first])"
        }
        if text.contains("cbrt ") { text = text.replacingOccurrences(of: "cbrt ", with: "") + " ^ (1/3)" }
        if text.contains("fact ") { text = text.replacingOccurrences(of: "fact ", with: "") + "!" }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static let allowed = CharacterSet(charactersIn: "0123456789.,+-*/^%()!√×÷ ")

    /// Only numbers, operators and known functions, at least one digit and one operator or function.
    static func looksArithmetic(_ text: String) -> Bool {
        var rest = text
        for name in ["sqrt", "abs", "ln", "log", "sin", "cos", "tan", "exp", "mod", "pi"] {
            rest = rest.replacingOccurrences(of: name, with: " ")
        }
        guard rest.unicodeScalars.allSatisfy({ allowed.contains($0) }),
              rest.contains(where: \.isNumber) else { return false }
        let hasFunction = rest != text
        let core = rest.trimmingCharacters(in: .whitespaces)
        // "-5" or "2021" alone is a number, not a calculation; "1990-1995" is more likely a range.
        let operators = core.dropFirst().filter { "+-*/^%!×÷".contains($0) }
        if !hasFunction, operators == "-", !core.contains(" ") { return false }
        return hasFunction || !operators.isEmpty
    }

    /// "[convert] 5 km to miles", "5 km in miles", "how many feet (are) in a mile", "100 °F in celsius".
    func conversion(_ text: String) -> Calculator.Result? {
        let number = "(-?[0-9][0-9,]*(?:\\.[0-9]+)?|an?|one)"
        let unit = "([a-z°²³/\" ]+?|[a-z°²³/\"]+)"
        let patterns = [
            "^(?:(?:please |can you |could you )?convert |what is |what's |whats |how much is |how many [a-z ]+ is )?\(number)\\s*\(unit)\\s+(?:to|in|into|as|in terms of)\\s+\(unit)$",
            "^how many \(unit) (?:are there |are |is |make |make up |fit )?(?:in|per|to) \(number)\\s*\(unit)$",
        ]
        for (kind, pattern) in patterns.enumerated() {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { continue }
            func group(_ index: Int) -> String? {
                Range(match.range(at: index), in: text).map { String(text[$0]).trimmingCharacters(in: .whitespaces) }
            }
            let (amountText, from, to) = kind == 0 ? (group(1), group(2), group(3)) : (group(2), group(3), group(1))
            guard let amountText, let from, let to else { continue }
            let amount = ["a", "an", "one"].contains(amountText) ? 1 : Double(amountText.replacingOccurrences(of: ",", with: ""))
            let fromName = from.hasPrefix("degrees ") ? String(from.dropFirst(8)) : from
            let toName = to.hasPrefix("degrees ") ? String(to.dropFirst(8)) : to
            guard let amount, converter.unit(named: fromName) != nil, converter.unit(named: toName) != nil,
                  let result = try? converter.convert(amount, from: fromName, to: toName) else { continue }
            let source = converter.unit(named: fromName)?.symbol ?? fromName
            let shown = Calculator.format((result.value * 1e9).rounded() / 1e9)
            return Calculator.Result(
                expression: "\(Calculator.format(amount)) \(source) -> \(result.unit.symbol)", value: result.value,
                unit: result.unit.symbol, text: "\(Calculator.format(amount)) \(source) = \(shown) \(result.unit.symbol)")
        }
        return nil
    }
}
