import Footnote
import FootnoteCore
import Foundation
import KnowledgeStore
import SearchIndex
import Testing
import TestSupport

@Suite("Two writers on one index store each document version once")
struct ConcurrentAddTests {
    @Test("Two `footnote add` processes started at once on the same folder: one version per document, search works")
    func twoProcesses() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-concurrent")
        let paragraph = "Concurrent writers share one write-ahead log and wait for each other's transactions. "
        for number in 0..<40 {
            try directory.write("docs/note\(number).md",
                                "# Note \(number)\n\n" + String(repeating: paragraph, count: 30) + "Marker walrus\(number).")
        }
        let index = directory.url.appendingPathComponent("index.sqlite").path
        let arguments = ["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--no-embed", "--json"]
        let first = try FootnoteBinary.start(arguments)
        let second = try FootnoteBinary.start(arguments)
        let outputs = [first, second].map { ($0, PipeCollector($0.outputPipe), PipeCollector($0.errorPipe)) }
        for (running, _, errors) in outputs {
            running.process.waitUntilExit()
            #expect(running.process.terminationStatus == 0, "\(errors.text())")
        }
        // Between them the two runs account for every file twice, and add each document once.
        let reports = try outputs.map { try JSONDecoder().decode(IngestReport.self, from: Data($0.1.text().utf8)) }
        let stored = reports.reduce(0) { $0 + $1.added + $1.updated }
        #expect(stored == 40)
        let accounted: [Int] = reports.map { $0.added + $0.updated + $0.unchanged }
        #expect(accounted == [40, 40])

        let searchIndex = try SearchIndex(path: index)
        let statistics = try searchIndex.statistics()
        #expect(statistics.documents == 40)
        #expect(statistics.versions == 40, "each document has exactly one version")
        #expect(try searchIndex.consistencyProblems().isEmpty)
        let knowledgeBase = try KnowledgeBase(configuration: FootnoteConfiguration(indexPath: index))
        let hits = try knowledgeBase.search(SearchRequest(query: "walrus17"))
        #expect(hits.first.map { ($0.path as NSString).lastPathComponent } == "note17.md")
        #expect(Set(hits.map(\.path)).count == hits.count, "no document appears twice")
    }

    static func input(path: String, text: String) -> DocumentVersionInput {
        let document = ParsedDocument(format: .text, title: nil, text: text)
        let chunk = ChunkDraft(ordinal: 0, span: SourceSpan(start: 0, end: text.unicodeScalars.count, headingPath: []),
                               text: text, tokenCount: 4)
        return DocumentVersionInput(path: path, size: Int64(text.utf8.count), mtime: 1, contentHash: SHA256.hex(text),
                                    document: document, chunks: [chunk])
    }

    @Test("A version another connection stored meanwhile is not stored again; a path it created becomes an update")
    func writerChecksTheCurrentVersion() throws {
        let directory = try TemporaryDirectory(prefix: "footnote-writers")
        let path = directory.url.appendingPathComponent("index.sqlite").path
        let first = try SearchIndex(path: path)
        let second = try SearchIndex(path: path)
        let created = try first.writeVersionUnlessCurrent(Self.input(path: "/d/a.txt", text: "Alpha words here."))
        #expect(created == .created(documentID: created.documentID))
        #expect(try second.writeVersionUnlessCurrent(Self.input(path: "/d/a.txt", text: "Alpha words here."))
                == .unchanged(documentID: created.documentID))
        #expect(try second.writeVersionUnlessCurrent(Self.input(path: "/d/a.txt", text: "Alpha words, edited."))
                == .updated(documentID: created.documentID))
        let statistics = try first.statistics()
        #expect(statistics.documents == 1 && statistics.versions == 2)
        #expect(try first.consistencyProblems().isEmpty)
    }

    @Test("A rename onto a path another writer indexed meanwhile changes nothing and says so")
    func renameOntoATakenPath() throws {
        let directory = try TemporaryDirectory(prefix: "footnote-writers")
        let index = try SearchIndex(path: directory.url.appendingPathComponent("index.sqlite").path)
        let old = try index.writeVersion(Self.input(path: "/d/old.txt", text: "Same words."))
        try index.writeVersion(Self.input(path: "/d/new.txt", text: "Same words."))
        #expect(try index.renameDocument(id: old, to: "/d/new.txt", size: 11, mtime: 2) == false)
        #expect(try index.document(id: old)?.path == "/d/old.txt")
        #expect(try index.renameDocument(id: old, to: "/d/moved.txt", size: 11, mtime: 2))
        #expect(try index.document(id: old)?.path == "/d/moved.txt")
    }
}
