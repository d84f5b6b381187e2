import FootnoteCore

/// Errors of the knowledge-base facade, with the operation and the bad value named.
public enum FootnoteError: Error, CustomStringConvertible, Sendable {
    case pathNotFound(String)
    case invalidCitation(String)
    case citationNotFound(String)
    case citationOutOfRange(id: String, length: Int)
    case datasetInvalid(path: String, reason: String)
    case modelUnavailable(String)
    /// The store cannot do what was asked of it (e.g. copy a file when it is not one).
    case unsupported(operation: String, reason: String)
    /// A gate file cannot be read, written or used (the message names the file and the bad key or value).
    case invalidGateFile(String)
    /// The store holds vectors of another embedder than the one loaded.
    case embedderMismatch(indexed: String, requested: String)
    /// A command that reads the index was pointed at a file that does not exist.
    case indexNotFound(path: String, command: String)
    /// A setting stored in the index (the self-fitted gate) cannot be read, or self-calibration cannot run.
    case calibration(operation: String, reason: String)

    public var description: String {
        switch self {
        case let .pathNotFound(path):
            return "Cannot add '\(path)': no such file or folder"
        case let .invalidCitation(text):
            return "'\(text)' is not a citation id (expected fn:<hash>:<start>-<end>, e.g. fn:3f2a9c1b7d4e:120-480)"
        case let .citationNotFound(id):
            return "Cannot resolve citation '\(id)': no document version in this index has that hash"
        case let .citationOutOfRange(id, length):
            return "Cannot resolve citation '\(id)': the span lies outside the document's text (\(length) characters)"
        case let .datasetInvalid(path, reason):
            return "Cannot read collection '\(path)': \(reason)"
        case let .modelUnavailable(reason):
            return reason
        case let .unsupported(operation, reason):
            return "Cannot \(operation): \(reason)"
        case let .invalidGateFile(message):
            return message
        case let .embedderMismatch(indexed, requested):
            return "The index holds vectors of '\(indexed)', not '\(requested)': run 'footnote reembed' to switch models"
        case let .indexNotFound(path, command):
            let flag = path == FootnoteConfiguration.defaultIndexPath ? "" : " --index \(path)"
            return "Cannot \(command): no index at '\(path)' (create it with `footnote add <files or folders>\(flag)`)"
        case let .calibration(operation, reason):
            return "Cannot \(operation): \(reason)"
        }
    }
}

extension FootnoteError: RequestError {
    public var requestProblem: RequestProblem? {
        switch self {
        case .invalidCitation: return .invalid(field: "id", reason: description)
        case .citationNotFound, .citationOutOfRange, .pathNotFound: return .notFound(description)
        case .modelUnavailable: return .unprocessable(code: "model_unavailable", message: description)
        case .embedderMismatch: return .unprocessable(code: "model_mismatch", message: description)
        // Cases added later surface as internal errors until mapped here.
        default: return nil
        }
    }
}
