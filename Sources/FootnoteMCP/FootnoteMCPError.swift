/// Errors of the MCP front end; reported to the client as tool results with `isError: true`.
public enum FootnoteMCPError: Error, CustomStringConvertible, Sendable {
    /// A tool argument is missing or has the wrong type or value.
    case invalidArgument(tool: String, argument: String, reason: String)
    /// No tool with this name.
    case unknownTool(String)
    /// A resource URI that names no visible document.
    case unknownResource(String)
    /// The document does not exist or is not visible.
    case documentNotFound(Int64)

    /// The message the agent sees in the tool result.
    public var description: String {
        switch self {
        case let .invalidArgument(tool, argument, reason): return "\(tool): invalid '\(argument)': \(reason)"
        case let .unknownTool(name): return "Unknown tool '\(name)' (tools: search, ask, cite, get_document)"
        case let .unknownResource(uri): return "Unknown resource '\(uri)' (expected footnote://documents/<id>)"
        case let .documentNotFound(id): return "No document with id \(id)"
        }
    }
}
