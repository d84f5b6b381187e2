/// Who is calling: a name, the access groups whose documents they may see, and whether they may write.
public struct Principal: Sendable, Hashable, Codable {
    /// A display name for logs and upload folders.
    public var name: String
    /// The caller's groups; nil for the index's owner, who sees every document.
    public var groups: [String]?
    /// Whether the caller may upload and delete documents.
    public var canWrite: Bool

    /// A principal; `groups` nil makes the owner. Groups are de-duplicated and sorted.
    public init(name: String, groups: [String]?, canWrite: Bool) {
        self.name = name
        self.groups = groups.map { Array(Set($0)).sorted() }
        self.canWrite = canWrite
    }

    /// The owner: sees and may change everything (the only principal when no tokens are configured).
    public static let owner = Principal(name: "owner", groups: nil, canWrite: true)

    /// Whether this is the owner (no group restriction).
    public var isOwner: Bool { groups == nil }
}
