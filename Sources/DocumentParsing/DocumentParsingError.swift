import Foundation

/// Every way parsing a document can fail; each message names the file and the reason.
public enum DocumentParsingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read from disk.
    case unreadableFile(fileName: String, reason: String)
    /// The file is larger than `ParsingLimits.maxFileBytes`.
    case fileTooLarge(fileName: String, bytes: Int, limit: Int)
    /// No parser handles this file (unknown extension and content).
    case unsupportedFormat(fileName: String)
    /// A text file contains NUL bytes, so it is binary.
    case binaryContent(fileName: String, byteOffset: Int)
    /// The bytes are not valid UTF-8 (or UTF-16 after a BOM).
    case invalidEncoding(fileName: String, encoding: String, byteOffset: Int?)
    /// The document holds no text (empty, whitespace only, or no extractable text).
    case emptyDocument(fileName: String)
    /// A ZIP container (DOCX, ODT, EPUB) is corrupt or truncated.
    case corruptArchive(fileName: String, reason: String)
    /// A required entry of a ZIP container is missing.
    case missingArchiveEntry(fileName: String, entry: String)
    /// Inflating the container would pass `ParsingLimits.maxDecompressedBytes`.
    case decompressionLimitExceeded(fileName: String, entry: String, limit: Int)
    /// XML inside the document could not be parsed.
    case malformedMarkup(fileName: String, part: String, reason: String)
    /// An external tool the format needs is not installed.
    case toolMissing(fileName: String, tool: String, installHint: String)
    /// An external tool failed on the file.
    case toolFailed(fileName: String, tool: String, status: Int32, message: String)
    /// The document passes one of `ParsingLimits`: `what` says what was counted, `limit` is the
    /// limit's value in `unit`, `limitName` names the limit.
    case limitExceeded(fileName: String, what: String, limit: Int, unit: String, limitName: String)

    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            "Cannot read '\(file)': \(reason)"
        case let .fileTooLarge(file, bytes, limit):
            "Cannot parse '\(file)': the file is \(bytes) bytes, over the limit of \(limit) bytes"
        case let .unsupportedFormat(file):
            "Cannot parse '\(file)': unsupported format (neither its content nor its extension is a known document type)"
        case let .binaryContent(file, offset):
            "Cannot parse '\(file)': binary content (NUL byte at byte offset \(offset)), not a text document"
        case let .invalidEncoding(file, encoding, offset?):
            "Cannot parse '\(file)': invalid \(encoding) at byte offset \(offset)"
        case let .invalidEncoding(file, encoding, nil):
            "Cannot parse '\(file)': the text is not valid \(encoding)"
        case let .emptyDocument(file):
            "Cannot parse '\(file)': empty document (no text to index)"
        case let .corruptArchive(file, reason):
            "Cannot parse '\(file)': corrupt or truncated ZIP archive (\(reason))"
        case let .missingArchiveEntry(file, entry):
            "Cannot parse '\(file)': \(entry) is missing from the archive"
        case let .decompressionLimitExceeded(file, entry, limit):
            "Cannot parse '\(file)': \(entry) inflates past the limit of \(limit) decompressed bytes (possible zip bomb)"
        case let .malformedMarkup(file, part, reason):
            "Cannot parse '\(file)': \(part) is not well-formed XML (\(reason))"
        case let .toolMissing(file, tool, hint):
            "Cannot parse '\(file)': the '\(tool)' program was not found in PATH (\(hint))"
        case let .toolFailed(file, tool, status, message):
            "Cannot parse '\(file)': \(tool) exited with status \(status): \(message)"
        case let .limitExceeded(file, what, limit, unit, name):
            "Cannot parse '\(file)': \(what) passes the limit of \(limit) \(unit) (\(name))"
        }
    }
}
