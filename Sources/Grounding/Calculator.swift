import FootnoteCore
import Foundation

/// The calculator tool: exact arithmetic on an expression (`+ - * / ^ %`, parentheses, `sqrt`,
/// `abs`, `ln`, `log`, `sin`, `cos`, `tan`, `pi`, `e`) and unit conversion. No retrieval, no model.
public struct Calculator: Sendable {
    /// One evaluated request (`CalculationResult` in FootnoteCore, where answers carry it).
    public typealias Result = CalculationResult

    public init() {}

    /// Evaluates an arithmetic expression in symbols (`(2 + 3) * 4^2`, `sqrt(16)`, `15% * 80`).
    public func evaluate(_ expression: String) throws -> Double {
        var parser = ExpressionParser(expression)
        let value = try parser.parse()
        guard value.isFinite else {
            throw GroundingError.invalidExpression(expression: expression, reason: "the result is not a finite number (division by zero?)")
        }
        return value
    }

    /// Formats a number without float noise: integers exactly, others to 10 significant digits.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.10g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

/// Recursive-descent parser over a symbolic expression; precedence: unary minus < `^` (right-assoc),
/// then `* / mod`, then `+ -`; a `%` after a number divides it by 100.
struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private let source: String
    private var position = 0

    init(_ text: String) {
        source = text
        scalars = Array(text.unicodeScalars)
    }

    mutating func parse() throws -> Double {
        let value = try expression()
        skipSpaces()
        guard position == scalars.count else { throw failure("unexpected '\(String(scalars[position]))'") }
        return value
    }

    private func failure(_ reason: String) -> GroundingError {
        .invalidExpression(expression: source, reason: reason)
    }

    private mutating func skipSpaces() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private mutating func peek() -> Unicode.Scalar? {
        skipSpaces()
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func expression() throws -> Double {
        var value = try term()
        while let next = peek(), next == "+" || next == "-" || next == "−" {
            position += 1
            let right = try term()
            value = next == "+" ? value + right : value - right
        }
        return value
    }

    private mutating func term() throws -> Double {
        var value = try unary()
        while let next = peek(), "*/×÷·".unicodeScalars.contains(next) || matchesWord("mod") {
            if next == "m" {
                position += 3
                let right = try unary()
                guard right != 0 else { throw failure("modulo by zero") }
                value = value.truncatingRemainder(dividingBy: right)
                continue
            }
            position += 1
            let right = try unary()
            if next == "/" || next == "÷" {
                guard right != 0 else { throw failure("division by zero") }
                value /= right
            } else {
                value *= right
            }
        }
        return value
    }

    private mutating func unary() throws -> Double {
        if let next = peek(), next == "-" || next == "−" {
            position += 1
            return -(try unary())
        }
        if peek() == "+" {
            position += 1
            return try unary()
        }
        return try power()
    }

    private mutating func power() throws -> Double {
        let base = try postfix()
        if peek() == "^" {
            position += 1
            let exponent = try unary()
            return Foundation.pow(base, exponent)
        }
        return base
    }

    private mutating func postfix() throws -> Double {
        var value = try primary()
        while let next = peek(), next == "%" || next == "!" {
            position += 1
            if next == "%" {
                value /= 100
            } else {
                guard value >= 0, value <= 170, value == value.rounded() else { throw failure("factorial needs a whole number 0…170") }
                value = value == 0 ? 1 : (1...Int(value)).reduce(1.0) { $0 * Double($1) }
            }
        }
        return value
    }

    private mutating func matchesWord(_ word: String) -> Bool {
        let letters = Array(word.unicodeScalars)
        guard position + letters.count <= scalars.count else { return false }
        return Array(scalars[position..<(position + letters.count)]) == letters
    }

    private static let functions: [String: @Sendable (Double) -> Double] = [
        "sqrt": { Foundation.sqrt($0) }, "abs": { Swift.abs($0) }, "ln": { Foundation.log($0) },
        "log": { Foundation.log10($0) }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
        "tan": { Foundation.tan($0) }, "exp": { Foundation.exp($0) },
    ]

    private mutating func primary() throws -> Double {
        guard let next = peek() else { throw failure("the expression ends too early") }
        if next == "(" {
            position += 1
            let value = try expression()
            guard peek() == ")" else { throw failure("a ')' is missing") }
            position += 1
            return value
        }
        if next == "√" {
            position += 1
            return Foundation.sqrt(try postfix())
        }
        if next.properties.numericType != nil || next == "." { return try number() }
        var name = ""
        while position < scalars.count, scalars[position].properties.isAlphabetic {
            name.unicodeScalars.append(scalars[position])
            position += 1
        }
        switch name {
        case "pi", "π": return Double.pi
        case "e": return M_E
        default:
            guard let function = Self.functions[name] else {
                throw failure(name.isEmpty ? "unexpected '\(String(next))'" : "unknown name '\(name)'")
            }
            let argument = try postfix()
            let value = function(argument)
            guard value.isFinite else { throw failure("\(name)(\(Calculator.format(argument))) is undefined") }
            return value
        }
    }

    private mutating func number() throws -> Double {
        var text = ""
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar.properties.numericType != nil, scalar.isASCII || scalar.properties.numericType == .decimal {
                text.unicodeScalars.append(scalar)
            } else if scalar == "." {
                text.append(".")
            } else if scalar == ",", position + 3 < scalars.count + 1,
                      scalars[(position + 1)...].prefix(3).count == 3,
                      scalars[(position + 1)...].prefix(3).allSatisfy({ $0.properties.numericType != nil }),
                      position + 4 >= scalars.count || scalars[position + 4].properties.numericType == nil {
                // "1,000": a thousands separator (exactly three digits follow).
            } else {
                break
            }
            position += 1
        }
        guard let value = Double(text) else { throw failure("'\(text)' is not a number") }
        return value
    }
}
