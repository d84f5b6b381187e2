/// A value to bind to a `$n` parameter, sent in libpq's text format.
public enum PostgresValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)

    public static func optional(_ value: Int?) -> PostgresValue { value.map { .int(Int64($0)) } ?? .null }
    public static func optional(_ value: String?) -> PostgresValue { value.map { .text($0) } ?? .null }

    /// A `text[]` parameter (cast it in SQL: `= ANY($1::text[])`): one value instead of one placeholder per item.
    public static func textArray(_ items: [String]) -> PostgresValue {
        .text("{" + items.map(arrayElement).joined(separator: ",") + "}")
    }

    /// A `bigint[]` parameter (cast it in SQL: `= ANY($1::bigint[])`).
    public static func intArray(_ items: [Int64]) -> PostgresValue {
        .text("{" + items.map(String.init).joined(separator: ",") + "}")
    }

    /// The text libpq sends, nil for SQL NULL. Doubles print in Swift's shortest form that reads back to the
    /// same bits (PostgreSQL's float8 input is correctly rounded, so nothing is lost); infinities and NaN in
    /// the spelling PostgreSQL accepts.
    var parameterText: String? {
        switch self {
        case .null: return nil
        case let .int(number): return String(number)
        case let .double(number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
            return "\(number)"
        case let .text(text): return text
        case let .bool(flag): return flag ? "t" : "f"
        }
    }

    /// An element of an array literal: always double-quoted, with `"` and `\` escaped by a backslash.
    private static func arrayElement(_ item: String) -> String {
        "\"" + item.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
