import Footnote
import FootnoteCore
import Foundation
import SearchIndex
import Testing
import TestSupport

/// A knowledge base in a fresh temporary folder.
struct KnowledgeBaseFixture {
    let directory: TemporaryDirectory
    let knowledgeBase: KnowledgeBase
    var files: URL { directory.url.appendingPathComponent("files") }

    init(configure: (inout FootnoteConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "footnote-kb")
        var configuration = FootnoteConfiguration(indexPath: directory.url.appendingPathComponent("index.sqlite").path)
        configure(&configuration)
        knowledgeBase = try KnowledgeBase(configuration: configuration)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        try directory.write("files/" + relative, text)
    }
}

@Suite("Ingesting real files")
struct IngestTests {
    @Test("Every chunk of every corpus document is the exact span of its version's canonical text")
    func corpusSpans() throws {
        let fixture = try KnowledgeBaseFixture()
        let report = try fixture.knowledgeBase.add([RepositoryPaths.corpora.path])
        #expect(report.failed.isEmpty, "failed: \(report.failed)")
        #expect(report.added >= 10)
        let formats = Set(try fixture.knowledgeBase.store.documents().map(\.format))
        #expect(formats.isSuperset(of: [.html, .pdf, .docx, .markdown, .text]))
        for document in try fixture.knowledgeBase.store.documents() {
            let version = try #require(try fixture.knowledgeBase.store.versions(hashPrefix: document.contentHash).first)
            let scalars = Array(version.canonicalText.unicodeScalars)
            let chunks = try fixture.knowledgeBase.store.chunks(documentID: document.id)
            #expect(!chunks.isEmpty)
            for chunk in chunks {
                let slice = String(String.UnicodeScalarView(scalars[chunk.span.start..<chunk.span.end]))
                #expect(slice == chunk.text, "\(document.path) chunk \(chunk.ordinal)")
            }
        }
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
    }

    @Test("Re-adding an unchanged tree processes nothing; a touched but identical file stays unchanged")
    func incremental() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("a.md", "# Alpha\n\nFirst file.")
        let b = try fixture.write("b.txt", "Second file.")
        let first = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(first.added == 2)
        let second = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(second.added == 0 && second.updated == 0 && second.unchanged == 2)
        #expect(second.bytesRead == 0)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: b.path)
        let third = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(third.unchanged == 2 && third.updated == 0)
        try "Second file, edited.".write(to: b, atomically: true, encoding: .utf8)
        let fourth = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(fourth.updated == 1 && fourth.unchanged == 1)
        #expect(try fixture.knowledgeBase.store.statistics().versions == 3)
    }

    @Test("sync picks up modified, deleted and renamed files; a rename is not re-processed")
    func sync() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("keep.md", "# Keep\n\nStays as it is.")
        let edit = try fixture.write("edit.md", "# Edit\n\nOld words.")
        let gone = try fixture.write("gone.md", "# Gone\n\nWill vanish.")
        let move = try fixture.write("move.md", "# Move\n\nWill be renamed, content unchanged.")
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        let moved = try #require(try fixture.knowledgeBase.store.document(path: move.resolvingSymlinksInPath().path))

        try "# Edit\n\nNew words.".write(to: edit, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: gone)
        let target = fixture.files.appendingPathComponent("sub/renamed.md")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: move, to: target)

        let report = try fixture.knowledgeBase.sync()
        #expect(report.updated == 1)
        #expect(report.removed == 1)
        #expect(report.renamed == 1)
        #expect(report.added == 0)
        #expect(report.unchanged == 1)
        let renamed = try #require(try fixture.knowledgeBase.store.document(path: target.resolvingSymlinksInPath().path))
        #expect(renamed.id == moved.id && renamed.versionID == moved.versionID)
        let hits = try fixture.knowledgeBase.search(SearchRequest(query: "vanish"))
        #expect(hits.isEmpty)
        #expect(try fixture.knowledgeBase.search(SearchRequest(query: "new words")).first?.path.hasSuffix("edit.md") == true)
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
    }

    @Test(".footnoteignore and --exclude leave files out; sync removes newly ignored ones")
    func ignoreRules() throws {
        let fixture = try KnowledgeBaseFixture { $0.excludes = ["*.log"] }
        try fixture.write(".footnoteignore", "drafts/\n*.tmp.md\n!keep.tmp.md\n")
        try fixture.write("doc.md", "Indexed.")
        try fixture.write("drafts/wip.md", "Not indexed.")
        try fixture.write("x.tmp.md", "Not indexed either.")
        try fixture.write("keep.tmp.md", "Re-included.")
        try fixture.write("run.log", "Excluded by flag.")
        try fixture.write(".hidden.md", "Hidden files are left out.")
        _ = try fixture.knowledgeBase.add([fixture.files.path])
        let names = Set(try fixture.knowledgeBase.store.documents().map { ($0.path as NSString).lastPathComponent })
        #expect(names == ["doc.md", "keep.tmp.md"])
    }
}
