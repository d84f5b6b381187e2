import MCP

/// Errors of the MCP front end: tool failures are reported as tool results with `isError: true`, resource
/// failures as JSON-RPC errors (`protocolError`).
public enum FootnoteMCPError: Error, CustomStringConvertible, Sendable {
    /// A tool argument is missing or has the wrong type or value.
    case invalidArgument(tool: String, argument: String, reason: String)
    /// No tool with this name.
    case unknownTool(String)
    /// A resource URI that names no visible document.
    case unknownResource(String)
    /// No visible document has this id (or, without an id, this path).
    case documentNotFound(id: Int64?, path: String?)
    /// A `resources/list` cursor that is not one this server handed out.
    case invalidCursor(String)

    /// The message the agent sees in the tool result.
    public var description: String {
        switch self {
        case let .invalidArgument(tool, argument, reason): return "\(tool): invalid '\(argument)': \(reason)"
        case let .unknownTool(name): return "Unknown tool '\(name)' (tools: search, ask, cite, get_document)"
        case let .unknownResource(uri): return "Unknown resource '\(uri)' (expected footnote://documents/<id>)"
        case let .documentNotFound(id?, _): return "No document with id \(id)"
        case let .documentNotFound(nil, path?): return "No document at path '\(path)' (use the absolute path a search hit shows)"
        case .documentNotFound(nil, nil): return "No document (give an id or a path)"
        case let .invalidCursor(cursor): return "Invalid cursor '\(cursor)' (pass the nextCursor of a previous page)"
        }
    }

    /// The JSON-RPC error for a failed resource request: -32002 (MCP's "resource not found") for a URI that
    /// names no visible document, -32602 (invalid params) otherwise.
    var protocolError: MCPError {
        if case .unknownResource = self { return .serverError(code: -32002, message: description) }
        return .invalidParams(description)
    }
}
