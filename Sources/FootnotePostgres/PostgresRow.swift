/// One row of a result, copied out of libpq's `PGresult` (which is cleared at once): each column's text,
/// nil for NULL. Readers throw `PostgresError.badValue` rather than guess when a column is not what they expect.
public struct PostgresRow: Sendable, Hashable {
    /// The statement that produced the row, for messages.
    let sql: String
    public let values: [String?]

    public var count: Int { values.count }

    /// The column's text, nil for NULL or a column that does not exist.
    public func optionalText(_ column: Int) -> String? {
        values.indices.contains(column) ? values[column] : nil
    }

    public func isNull(_ column: Int) -> Bool { optionalText(column) == nil }

    public func text(_ column: Int) throws -> String {
        guard let text = optionalText(column) else { throw bad(column, expected: "text") }
        return text
    }

    public func int64(_ column: Int) throws -> Int64 {
        guard let text = optionalText(column), let number = Int64(text) else { throw bad(column, expected: "an integer") }
        return number
    }

    public func int(_ column: Int) throws -> Int { Int(try int64(column)) }

    public func optionalInt(_ column: Int) throws -> Int? { isNull(column) ? nil : try int(column) }

    public func optionalInt64(_ column: Int) throws -> Int64? { isNull(column) ? nil : try int64(column) }

    /// A float8, real or numeric column (PostgreSQL spells the specials NaN, Infinity, -Infinity).
    public func double(_ column: Int) throws -> Double {
        guard let text = optionalText(column) else { throw bad(column, expected: "a number") }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let number = Double(text) else { throw bad(column, expected: "a number") }
            return number
        }
    }

    /// A boolean column in text format: `t` or `f`.
    public func bool(_ column: Int) throws -> Bool {
        switch optionalText(column) {
        case "t": return true
        case "f": return false
        default: throw bad(column, expected: "a boolean")
        }
    }

    private func bad(_ column: Int, expected: String) -> PostgresError {
        .badValue(column: column, value: optionalText(column), expected: expected, sql: sql)
    }
}
