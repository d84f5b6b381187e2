import Footnote
import Foundation
import SearchIndex
import FootnoteCore
import Testing
import TestSupport

@Suite("sync removes every vanished file and matches renames one to one")
struct SyncVanishedTests {
    static let copy = "# Copy\n\nAn identical paragraph about a quokka."

    @Test("Three identical files deleted: three removed, none searchable")
    func identicalFilesDeleted() throws {
        let fixture = try KnowledgeBaseFixture()
        let copies = try ["a.md", "b.md", "c.md"].map { try fixture.write($0, Self.copy) }
        try fixture.write("keep.md", "# Keep\n\nSomething else entirely.")
        #expect(try fixture.knowledgeBase.add([fixture.files.path]).added == 4)
        for file in copies { try FileManager.default.removeItem(at: file) }

        let report = try fixture.knowledgeBase.sync()
        #expect(report.removed == 3)
        #expect(report.renamed == 0 && report.added == 0 && report.unchanged == 1)
        #expect(try fixture.knowledgeBase.search(SearchRequest(query: "quokka")).isEmpty)
        let names = try fixture.knowledgeBase.store.documents().map { ($0.path as NSString).lastPathComponent }
        #expect(names == ["keep.md"])
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
    }

    @Test("Two of three identical files renamed, the third deleted: two renamed, one removed")
    func identicalFilesRenamedAndDeleted() throws {
        let fixture = try KnowledgeBaseFixture()
        let copies = try ["a.md", "b.md", "c.md"].map { try fixture.write($0, Self.copy) }
        #expect(try fixture.knowledgeBase.add([fixture.files.path]).added == 3)
        let originalIDs = Set(try fixture.knowledgeBase.store.documents().map(\.id))
        let moved = fixture.files.appendingPathComponent("moved")
        try FileManager.default.createDirectory(at: moved, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: copies[0], to: moved.appendingPathComponent("a2.md"))
        try FileManager.default.moveItem(at: copies[1], to: moved.appendingPathComponent("b2.md"))
        try FileManager.default.removeItem(at: copies[2])

        let report = try fixture.knowledgeBase.sync()
        #expect(report.renamed == 2)
        #expect(report.removed == 1)
        #expect(report.added == 0 && report.updated == 0)
        let documents = try fixture.knowledgeBase.store.documents()
        #expect(documents.map { ($0.path as NSString).lastPathComponent }.sorted() == ["a2.md", "b2.md"])
        #expect(Set(documents.map(\.id)).isSubset(of: originalIDs), "a rename keeps the document, it does not re-ingest it")
        let hitPaths = Set(try fixture.knowledgeBase.search(SearchRequest(query: "quokka")).map { ($0.path as NSString).lastPathComponent })
        #expect(hitPaths == ["a2.md", "b2.md"])
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
    }

    @Test("More new copies than vanished ones: the extra copies are added")
    func moreCopiesThanVanished() throws {
        let fixture = try KnowledgeBaseFixture()
        let original = try fixture.write("a.md", Self.copy)
        #expect(try fixture.knowledgeBase.add([fixture.files.path]).added == 1)
        try FileManager.default.removeItem(at: original)
        try fixture.write("x.md", Self.copy)
        try fixture.write("y.md", Self.copy)

        let report = try fixture.knowledgeBase.sync()
        #expect(report.renamed == 1 && report.added == 1 && report.removed == 0)
        let names = try fixture.knowledgeBase.store.documents().map { ($0.path as NSString).lastPathComponent }.sorted()
        #expect(names == ["x.md", "y.md"])
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
    }
}
