import Footnote
import FootnoteCore
import Foundation
import Testing
import TestSupport

@Suite("ask reads each text once: a copy of a page in another file does not take a source's place")
struct EvidenceCopiesTests {
    static let page = """
        # Checkpoints

        A checkpoint copies pages from the write-ahead log back into the database file. Checkpoints run \
        automatically when the write-ahead log reaches 1000 pages, and a checkpoint can also be started by hand.
        """
    /// The same page as a text export gives it: wrapped lines and a page footer.
    static let export = """
        Checkpoints
        A checkpoint copies pages from the write-ahead log back into the
        database file. Checkpoints run automatically when the write-ahead log
        reaches 1000 pages, and a checkpoint can also be started by hand.
        Page 3 of 12
        """
    static let other = """
        # Busy readers

        A checkpoint cannot finish while a reader still uses old pages of the write-ahead log; the log then grows past 1000 pages.
        """

    @Test("the second source is the next distinct passage, not the export of the first")
    func distinctSources() async throws {
        let directory = try TemporaryDirectory(prefix: "footnote-copies")
        try directory.write("docs/checkpoints.md", Self.page)
        try directory.write("docs/export/checkpoints.txt", Self.export)
        try directory.write("docs/readers.md", Self.other)
        let knowledgeBase = try KnowledgeBase.open(FootnoteConfiguration(indexPath: directory.url.appendingPathComponent("index.sqlite").path))
        _ = try knowledgeBase.add([directory.url.appendingPathComponent("docs").path])
        let question = "When does a checkpoint run automatically in the write-ahead log?"
        // Search itself still lists both copies (a search result is every file that matches).
        let hits = try knowledgeBase.search(SearchRequest(query: question, limit: 3, mode: .lexical))
        #expect(Set(hits.prefix(2).map { URL(fileURLWithPath: $0.path).lastPathComponent }) == ["checkpoints.md", "checkpoints.txt"])
        let answer = try await knowledgeBase.ask(AskRequest(question: question, sourceLimit: 2, mode: .lexical))
        let files = answer.sources.map { URL(fileURLWithPath: $0.hit.path).lastPathComponent }
        #expect(files.count == 2)
        #expect(files.contains("readers.md"), "sources: \(files)")
        #expect(files.filter { $0.hasPrefix("checkpoints") }.count == 1, "sources: \(files)")
        // The skipped copy is named, with the source it repeats.
        let copy = try #require(answer.skippedCopies.first)
        #expect(answer.skippedCopies.count == 1)
        let original = try #require(answer.sources.first { $0.number == copy.repeats })
        #expect(URL(fileURLWithPath: original.hit.path).lastPathComponent.hasPrefix("checkpoints"))
        #expect(URL(fileURLWithPath: copy.path).lastPathComponent.hasPrefix("checkpoints") && copy.path != original.hit.path)
        #expect(copy.citation.hasPrefix("fn:"))
    }
}
