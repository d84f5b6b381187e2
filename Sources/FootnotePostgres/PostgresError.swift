import Foundation
import FootnoteCore

/// What went wrong talking to PostgreSQL, with the operation, the server's message and the SQL named.
/// Messages never carry a password: URLs are shown through `PostgresURL.redacted`.
public enum PostgresError: Error, CustomStringConvertible, Sendable {
    /// No connection could be made to `location` (the URL without its password).
    case connection(location: String, message: String)
    /// The server (or libpq) refused a statement: the operation, its message, the SQLSTATE code and the SQL.
    case failed(operation: String, message: String, sqlState: String?, sql: String?)
    /// A column held a value the caller could not read as the type it asked for.
    case badValue(column: Int, value: String?, expected: String, sql: String)
    /// The database was migrated by a newer program: it has a migration this one does not know.
    case newerSchema(location: String, found: String)
    /// A schema name that is not letters, digits and underscores.
    case invalidSchemaName(String)
    /// The store holds vectors of another embedding model (or of another dimension).
    case embedderMismatch(indexed: String, requested: String)
    /// A Footnote parameter of the store URL (`name=value`) that is not what it must be.
    case badParameter(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .connection(location, message):
            return "Cannot connect to PostgreSQL at '\(location)': \(message)"
        case let .failed(operation, message, sqlState, sql):
            let code = sqlState.map { " [\($0)]" } ?? ""
            let suffix = sql.map { " (SQL: \(Self.shortened($0)))" } ?? ""
            return "PostgreSQL failed to \(operation): \(message)\(code)\(suffix)"
        case let .badValue(column, value, expected, sql):
            let shown = value.map { "'\($0.prefix(40))'" } ?? "NULL"
            return "Cannot read column \(column) as \(expected): it holds \(shown) (SQL: \(Self.shortened(sql)))"
        case let .newerSchema(location, found):
            return "Cannot open the store at '\(location)': it uses migration '\(found)', unknown to this Footnote; upgrade Footnote"
        case let .invalidSchemaName(name):
            return "Cannot use '\(name)' as a PostgreSQL schema name: use only letters, digits and underscores (not first)"
        case let .embedderMismatch(indexed, requested):
            return "The store holds vectors of '\(indexed)', not '\(requested)': run 'footnote reembed' to switch models"
        case let .badParameter(name, value, expected):
            return "Cannot use '\(value)' for the store URL's '\(name)': it must be \(expected)"
        }
    }

    /// The SQLSTATE code of a server error (e.g. "23505" for a unique violation), if any.
    public var sqlState: String? {
        if case let .failed(_, _, state, _) = self { return state }
        return nil
    }

    /// SQL on one line, at most 200 characters: enough to recognise the statement in a message.
    static func shortened(_ sql: String) -> String {
        let line = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}

/// A storage failure is never the caller's fault, except a query vector of another model.
extension PostgresError: RequestError {
    public var requestProblem: RequestProblem? {
        if case .embedderMismatch = self { return .unprocessable(code: "model_mismatch", message: description) }
        return nil
    }
}
