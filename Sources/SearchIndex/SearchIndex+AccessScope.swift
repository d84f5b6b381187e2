import Foundation
import FootnoteSQLite

/// The rows a restricted caller may see, as loaded into the ranking function: valid while neither
/// the chunks nor the access groups changed.
struct RankScopeKey: Equatable {
    var groups: [String]
    var chunkGeneration: Int64
    var accessGeneration: Int64
}

extension SearchIndex {
    /// Points `footnote_bm25`'s statistics at what a caller in `groups` may see (nil: the owner, who
    /// sees everything). BM25 over the whole index would let a restricted caller learn from scores
    /// that a word occurs in documents of another group (a rarer word scores higher); computed over
    /// the visible rows only, the scores are exactly those of an index holding nothing else.
    /// Caller holds the lock, inside the search's read snapshot, after `refreshRowLengths`.
    func applyRankScope(_ groups: [String]?) throws {
        guard let rank else { return }
        guard let groups, try hasRestrictedDocuments() else {
            rank.useScope(false)
            return
        }
        let key = RankScopeKey(groups: Array(Set(groups)).sorted(), chunkGeneration: try vectorGeneration(),
                               accessGeneration: try accessGeneration())
        if key == rankScope, key.chunkGeneration == rankGeneration {
            rank.useScope(true)
            return
        }
        let (accessSQL, values) = Self.accessClause(key.groups)
        let ids = try database.query(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE \(accessSQL) ORDER BY c.id", values) { $0.int64(0) }
        let scoped = rank.setScope(ids)
        guard scoped, key.chunkGeneration == rankGeneration else {
            // Lengths missing from the cache: no statistics that could be trusted for this caller.
            rank.clearScope()
            rankScope = nil
            throw SearchIndexError.accessScope(groups: key.groups, reason: "row lengths of \(ids.count) visible passages are not cached")
        }
        rankScope = key
    }

    /// Whether any document is limited to some groups (otherwise every caller sees every row).
    func hasRestrictedDocuments() throws -> Bool {
        (try database.scalarInt("SELECT EXISTS (SELECT 1 FROM document_groups)") ?? 0) == 1
    }

    /// A number that changes whenever a document's access groups change.
    func accessGeneration() throws -> Int64 {
        try database.scalarInt("SELECT value FROM meta WHERE key = 'access_generation'") ?? 0
    }
}
