/// A stable citation id: a span of one document version's canonical text,
/// written `fn:<version-hash-prefix>:<start>-<end>`.
public struct CitationID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Hex prefix of the version's content hash (12 characters when minted here).
    public var versionPrefix: String
    public var start: TextOffset
    public var end: TextOffset

    /// Length of the hash prefix in minted ids.
    public static let prefixLength = 12

    public init(versionHash: String, start: TextOffset, end: TextOffset) {
        self.versionPrefix = String(versionHash.prefix(Self.prefixLength))
        self.start = start
        self.end = end
    }

    /// Parses `fn:abc123def456:10-250`; nil when the text is not a citation id.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "fn", parts[1].count >= 6,
              parts[1].allSatisfy(\.isHexDigit) else { return nil }
        let range = parts[2].split(separator: "-", omittingEmptySubsequences: false)
        guard range.count == 2, let start = Int(range[0]), let end = Int(range[1]),
              start >= 0, end > start else { return nil }
        self.versionPrefix = parts[1].lowercased()
        self.start = start
        self.end = end
    }

    public var description: String { "fn:\(versionPrefix):\(start)-\(end)" }
}
