import FootnoteCore

/// What SQLite refused, with the operation and the SQL named.
public enum SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite refused: the operation, SQLite's message and the SQL (when there was one).
    case failed(operation: String, message: String, sql: String?)
    /// The file was migrated by a newer program: it has a migration this one does not know.
    case newerSchema(path: String, found: String)

    public var description: String {
        switch self {
        case let .failed(operation, message, sql):
            let suffix = sql.map { " (SQL: \($0.prefix(200)))" } ?? ""
            return "SQLite failed to \(operation): \(message)\(suffix)"
        case let .newerSchema(path, found):
            return "Cannot open index '\(path)': it uses migration '\(found)', unknown to this Footnote; upgrade Footnote"
        }
    }
}

/// A storage failure is never the caller's fault: it surfaces as an internal error.
extension SQLiteError: RequestError {
    public var requestProblem: RequestProblem? { nil }
}
