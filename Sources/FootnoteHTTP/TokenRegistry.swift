import Foundation
import FootnoteCore

/// Bearer tokens and the principals they stand for. Only SHA-256 digests of tokens are kept.
///
/// The file form (`--tokens-file`, JSON):
/// ```json
/// {"tokens": [
///   {"principal": "alice", "groups": ["engineering"], "sha256": "<hex digest of the token>", "write": true},
///   {"principal": "admin", "owner": true, "sha256": "<hex>"}
/// ]}
/// ```
/// The environment form (`FOOTNOTE_TOKENS`): entries `principal:group1,group2:sha256hex[:write]` separated
/// by `;`; groups `*` make the owner. A digest is `printf %s "$TOKEN" | sha256sum`.
public struct TokenRegistry: Sendable {
    private var principals: [String: Principal]

    /// No tokens: only a loopback server may run, and every caller is the owner.
    public static let empty = TokenRegistry(principals: [:])

    init(principals: [String: Principal]) {
        self.principals = principals
    }

    /// Whether no token is configured.
    public var isEmpty: Bool { principals.isEmpty }
    /// How many tokens are configured.
    public var count: Int { principals.count }

    /// The principal for a presented token, if it is known.
    public func principal(forToken token: String) -> Principal? {
        principals[SHA256.hex(token)]
    }

    /// Adds a token by its digest (64 hex digits).
    public mutating func add(sha256 digest: String, principal: Principal) throws {
        let normalized = digest.lowercased()
        guard normalized.count == 64, normalized.allSatisfy({ $0.isHexDigit }) else {
            throw ServiceError.configuration(
                "Token digest for '\(principal.name)' is not a SHA-256 hex digest (64 hex digits): '\(digest)'")
        }
        principals[normalized] = principal
    }

    /// Both registries' tokens; `other` wins where a digest appears in both.
    public func merging(_ other: TokenRegistry) -> TokenRegistry {
        TokenRegistry(principals: principals.merging(other.principals) { _, new in new })
    }

    private struct FileEntry: Decodable {
        var principal: String
        var groups: [String]?
        var sha256: String
        var owner: Bool?
        var write: Bool?
    }

    private struct FileContents: Decodable {
        var tokens: [FileEntry]
    }

    /// Reads the JSON token file.
    public static func load(file: URL) throws -> TokenRegistry {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ServiceError.configuration("Cannot read the token file '\(file.path)': \(error.localizedDescription)")
        }
        let contents: FileContents
        do { contents = try JSONDecoder().decode(FileContents.self, from: data) } catch {
            throw ServiceError.configuration(
                "Cannot parse the token file '\(file.path)': expected {\"tokens\": [{\"principal\", \"groups\", \"sha256\"}]} (\(error))")
        }
        var registry = TokenRegistry.empty
        for entry in contents.tokens {
            let owner = entry.owner ?? false
            let principal = Principal(
                name: entry.principal, groups: owner ? nil : (entry.groups ?? []), canWrite: owner || (entry.write ?? false))
            try registry.add(sha256: entry.sha256, principal: principal)
        }
        return registry
    }

    /// Parses the `FOOTNOTE_TOKENS` form: `principal:groups:sha256[:write]` entries separated by `;`.
    public static func parse(environmentValue value: String) throws -> TokenRegistry {
        var registry = TokenRegistry.empty
        for entry in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let fields = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (3...4).contains(fields.count), !fields[0].isEmpty else {
                throw ServiceError.configuration(
                    "FOOTNOTE_TOKENS entry '\(entry.prefix(20))…' is not principal:groups:sha256[:write]")
            }
            let owner = fields[1] == "*"
            let groups = fields[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let write = fields.count == 4 && fields[3] == "write"
            if fields.count == 4 && !write {
                throw ServiceError.configuration("FOOTNOTE_TOKENS entry for '\(fields[0])': the fourth field may only be 'write'")
            }
            try registry.add(sha256: fields[2], principal: Principal(name: fields[0], groups: owner ? nil : groups, canWrite: owner || write))
        }
        return registry
    }
}
