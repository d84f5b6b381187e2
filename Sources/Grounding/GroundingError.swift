import FootnoteCore
/// Errors of the grounding engine, naming the operation and the bad value.
public enum GroundingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A calculator expression could not be parsed or evaluated.
    case invalidExpression(expression: String, reason: String)
    /// A unit conversion between incompatible or unknown units.
    case invalidConversion(from: String, to: String, reason: String)
    /// A threshold or budget outside its valid range.
    case invalidSetting(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidExpression(expression, reason):
            return "Cannot evaluate '\(expression)': \(reason)"
        case let .invalidConversion(from, to, reason):
            return "Cannot convert '\(from)' to '\(to)': \(reason)"
        case let .invalidSetting(name, value, reason):
            return "Invalid \(name) '\(value)': \(reason)"
        }
    }
}
