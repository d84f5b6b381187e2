import FootnoteCore

/// What can go wrong in the index beyond SQLite's own refusals (`SQLiteError`), with the operation and the bad value named.
public enum SearchIndexError: Error, CustomStringConvertible, Sendable {
    /// A query the user typed cannot be searched (e.g. only exclusions).
    case invalidQuery(query: String, reason: String)
    /// No document, version or citation with that identifier.
    case notFound(what: String)
    /// The index holds vectors of another embedding model.
    case embedderMismatch(indexed: String, requested: String)
    /// Ranking statistics could not be limited to what a caller in these groups may see.
    case accessScope(groups: [String], reason: String)

    public var description: String {
        switch self {
        case let .invalidQuery(query, reason):
            return "Cannot search for '\(query)': \(reason)"
        case let .notFound(what):
            return "Not found in the index: \(what)"
        case let .embedderMismatch(indexed, requested):
            return "The index holds vectors of '\(indexed)', not '\(requested)': run 'footnote reembed' to switch models"
        case let .accessScope(groups, reason):
            let names = groups.isEmpty ? "no groups" : "groups " + groups.joined(separator: ", ")
            return "Cannot rank for a caller in \(names) over what it may see: \(reason)"
        }
    }
}

extension SearchIndexError: RequestError {
    public var requestProblem: RequestProblem? {
        switch self {
        case .embedderMismatch: return .unprocessable(code: "model_mismatch", message: description)
        case let .invalidQuery(_, reason): return .invalid(field: "query", reason: reason)
        default: return nil
        }
    }
}
