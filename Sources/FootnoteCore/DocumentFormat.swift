/// The document formats Footnote can ingest.
public enum DocumentFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case markdown
    case text
    case html
    case xml
    case docx
    case pdf
    case odt
    case epub

    /// Whether line numbers of the canonical text are meaningful to a reader of the source file.
    public var hasSourceLines: Bool {
        switch self {
        case .markdown, .text: true
        default: false
        }
    }

    /// Whether the format has pages (hits report a page number).
    public var isPaged: Bool { self == .pdf }
}
