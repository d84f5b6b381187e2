import Footnote
import Foundation
import SearchIndex
import FootnoteCore
import Testing
import TestSupport

@Suite("File names that are not UTF-8 are ingested, searchable and kept apart")
struct RawFileNameTests {
    @Test("The path mapping is lossless: raw bytes and names spelling the reserved scalars round-trip")
    func mappingRoundTrips() {
        let samples: [[UInt8]] = [
            Array("plain/é.md".utf8), [0xFF, 0xFE], Array("caf".utf8) + [0xE9, 0x2F, 0xC3], [0xC3, 0xA9, 0xC3],
            Array("\u{10FFFF}\u{10FF80}x".utf8), [0xF4, 0x8F, 0xBF], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80],
        ]
        for bytes in samples {
            let path = FileSystemPath.string(fromBytes: bytes)
            #expect(FileSystemPath.bytes(of: path) == bytes, "\(bytes)")
        }
        #expect(FileSystemPath.string(fromBytes: Array("plain/é.md".utf8)) == "plain/é.md", "UTF-8 names map to themselves")
        #expect(FileSystemPath.string(fromBytes: [0xFF]) != FileSystemPath.string(fromBytes: Array("\u{FFFD}".utf8)))
        #expect(FileSystemPath.string(fromBytes: Array("\u{10FFFF}".utf8)) != "\u{10FFFF}", "a literal reserved scalar is kept apart")
    }

    static let rawName: [UInt8] = Array("caf".utf8) + [0xFF, 0xFE] + Array(".md".utf8)
    static let rawFolder: [UInt8] = Array("sub".utf8) + [0xE9]

    @Test("A name with bytes 0xff 0xfe, and a file in a folder named with a Latin-1 byte, are ingested and found")
    func ingestAndSync() throws {
        let fixture = try KnowledgeBaseFixture()
        try IngestTestSupport.writeRawName(Self.rawName, in: fixture.files, contents: "# Raw\n\nThe pangolin sleeps.")
        try IngestTestSupport.makeRawFolder(Self.rawFolder, in: fixture.files)
        try IngestTestSupport.writeRawName(Self.rawFolder + Array("/nested.md".utf8), in: fixture.files,
                                           contents: "# Nested\n\nThe armadillo digs.")
        // A look-alike with valid UTF-8 must stay a different document.
        try fixture.write("caf\u{FFFD}\u{FFFD}.md", "# Lookalike\n\nThe okapi hides.")

        let report = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.added == 3)
        for (query, name) in [("pangolin", "caf"), ("armadillo", "nested.md"), ("okapi", "caf")] {
            let hits = try fixture.knowledgeBase.search(SearchRequest(query: query))
            #expect(hits.count == 1, "\(query)")
            #expect(hits.first.map { ($0.path as NSString).lastPathComponent.hasPrefix(name) } == true, "\(query)")
        }
        #expect(Set(try fixture.knowledgeBase.store.documents().map(\.path)).count == 3)
        // The stored path names exactly the bytes on disk.
        let stored = try #require(try fixture.knowledgeBase.search(SearchRequest(query: "pangolin")).first?.path)
        #expect(FileSystemPath.bytes(of: stored).suffix(Self.rawName.count + 1) == [UInt8(ascii: "/")] + Self.rawName)
        #expect(stored.hasSuffix("caf\u{10FFFF}\u{10FFFE}.md"))

        let again = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(again.unchanged == 3 && again.added == 0 && again.failed.isEmpty)
        let sync = try fixture.knowledgeBase.sync()
        #expect(sync.removed == 0 && sync.unchanged == 3, "sync finds the file at its stored path")

        IngestTestSupport.removeRawName(Self.rawName, in: fixture.files)
        let afterDelete = try fixture.knowledgeBase.sync()
        #expect(afterDelete.removed == 1)
        #expect(try fixture.knowledgeBase.search(SearchRequest(query: "pangolin")).isEmpty)
        #expect(try fixture.knowledgeBase.search(SearchRequest(query: "okapi")).count == 1)
    }
}
