import Footnote
import FootnoteCore
import Foundation
import Testing
import TestSupport

/// BM25 statistics (row count, average length, document frequency) are computed over what the caller
/// may see: a restricted caller's scores are exactly those of an index holding only its documents,
/// so they cannot tell whether a word occurs in another group's documents.
@Suite("BM25 statistics are scoped to what the caller may see")
struct AccessScopedRankingTests {
    static let publicFiles = [
        "handbook.md": "# Handbook\n\nThe quarterly review of the harbour budget happens in March.",
        "ferries.md": "# Ferries\n\nFerries leave the harbour every twenty minutes; the budget covers fuel.",
        "notes.txt": "Harbour notes: a review of pier nine and its budget was postponed.",
    ]
    static let secretFiles = [
        "merger.md": "# Merger\n\nThe merger review is confidential. Merger budget, merger harbour, merger merger.",
        "layoffs.md": "# Layoffs\n\nLayoffs after the merger review; the harbour office closes.",
    ]

    /// Scores of a lexical search, by file name, as a caller in `groups` (nil: the owner).
    static func scores(_ fixture: KnowledgeBaseFixture, _ query: String, groups: [String]?) throws -> [String: Double] {
        let hits = try fixture.knowledgeBase.search(SearchRequest(
            query: query, limit: 20, filter: SearchFilter(accessGroups: groups), mode: .lexical))
        return Dictionary(hits.map { (($0.path as NSString).lastPathComponent, $0.score) }, uniquingKeysWith: max)
    }

    static func fixture(withSecrets: Bool) throws -> KnowledgeBaseFixture {
        let fixture = try KnowledgeBaseFixture()
        for (name, text) in publicFiles { try fixture.write("public/" + name, text) }
        // Documents without the query words, so that the words' IDF is not floored at zero.
        for (number, animal) in ["otter", "heron", "badger", "stoat", "wren", "vole"].enumerated() {
            try fixture.write("public/filler-\(number).md", "# \(animal.capitalized)\n\nThe \(animal) nests by the river in spring.")
        }
        if withSecrets {
            try fixture.write("board/.footnoteaccess", "board\n")
            for (name, text) in secretFiles { try fixture.write("board/" + name, text) }
        }
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        return fixture
    }

    static func expectSame(_ left: [String: Double], _ right: [String: Double], _ comment: Comment) {
        #expect(Set(left.keys) == Set(right.keys), comment)
        for (name, score) in left {
            #expect(abs(score - (right[name] ?? .nan)) < 1e-9, "\(comment): \(name) \(score) vs \(right[name] ?? .nan)")
        }
    }

    @Test("A caller outside a group gets the scores of an index without that group's documents",
          arguments: ["harbour review", "merger", "budget harbour", "review"])
    func scoresIgnoreHiddenDocuments(query: String) throws {
        let shared = try Self.fixture(withSecrets: true)
        let alone = try Self.fixture(withSecrets: false)
        let outsider = try Self.scores(shared, query, groups: [])
        let reference = try Self.scores(alone, query, groups: nil)
        Self.expectSame(outsider, reference, "outsider vs public-only index for '\(query)'")
        // A member of the group sees everything, so gets the owner's scores.
        Self.expectSame(try Self.scores(shared, query, groups: ["board"]), try Self.scores(shared, query, groups: nil),
                        "member vs owner for '\(query)'")
    }

    @Test("The hidden documents do change the owner's scores (so the test above can fail)")
    func ownerStatisticsDiffer() throws {
        let shared = try Self.fixture(withSecrets: true)
        let alone = try Self.fixture(withSecrets: false)
        let owner = try Self.scores(shared, "harbour review", groups: nil)
        let reference = try Self.scores(alone, "harbour review", groups: nil)
        let differs = reference.contains { name, score in abs(score - (owner[name] ?? 0)) > 1e-6 }
        #expect(differs, "owner \(owner) vs public-only \(reference)")
    }

    @Test("When a document's groups change, the scope follows")
    func scopeFollowsRegrouping() throws {
        let shared = try Self.fixture(withSecrets: true)
        let before = try Self.scores(shared, "harbour review", groups: [])
        // Make the board folder public: the outsider now sees (and is scored over) everything.
        try FileManager.default.removeItem(at: shared.files.appendingPathComponent("board/.footnoteaccess"))
        _ = try shared.knowledgeBase.sync()
        let after = try Self.scores(shared, "harbour review", groups: [])
        Self.expectSame(after, try Self.scores(shared, "harbour review", groups: nil), "outsider vs owner once public")
        #expect(after.count > before.count)
    }
}
