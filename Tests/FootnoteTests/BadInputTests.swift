import Footnote
import Foundation
import Testing
import TestSupport

@Suite("Bad input gets a clear error and loses nothing")
struct BadInputTests {
    @Test("Each bad file is reported with its reason; the good ones are ingested; the index stays consistent")
    func mixedBatch() throws {
        let fixture = try KnowledgeBaseFixture { $0.maxFileBytes = 200_000 }
        try fixture.write("good.md", "# Good\n\nThis one is fine.")
        try fixture.write("empty.txt", "")
        try fixture.directory.write("files/latin1.txt", data: Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x6B]))
        try fixture.directory.write("files/corrupt.pdf", data: Data("%PDF-1.4\n garbage garbage".utf8))
        try fixture.directory.write("files/truncated.docx", data: Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00]))
        try fixture.directory.write("files/program.bin", data: Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 0, 0]))
        try fixture.write("huge.txt", String(repeating: "big ", count: 60_000))
        let unreadable = try fixture.write("secret.md", "cannot read me")
        chmod(unreadable.path, 0)
        defer { chmod(unreadable.path, 0o644) }
        let outside = try TemporaryDirectory(prefix: "outside")
        try outside.write("elsewhere.md", "outside the root")
        try FileManager.default.createSymbolicLink(atPath: fixture.files.appendingPathComponent("link.md").path,
                                                   withDestinationPath: outside.url.appendingPathComponent("elsewhere.md").path)
        try FileManager.default.createSymbolicLink(atPath: fixture.files.appendingPathComponent("loop").path,
                                                   withDestinationPath: fixture.files.path)

        let report = try fixture.knowledgeBase.add([fixture.files.path])
        let readableByAll = getuid() == 0  // root reads a mode-000 file
        #expect(report.added == (readableByAll ? 2 : 1))
        let failed = Dictionary(report.failed.map { (($0.path as NSString).lastPathComponent, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let skipped = Dictionary(report.skipped.map { (($0.path as NSString).lastPathComponent, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(failed["empty.txt"]?.contains("empty") == true)
        #expect(failed["latin1.txt"]?.contains("UTF-8") == true)
        #expect(failed["corrupt.pdf"] != nil)
        #expect(failed["truncated.docx"] != nil)
        #expect(failed["huge.txt"]?.contains("limit") == true)
        #expect(failed["loop"]?.contains("loop") == true)
        if !readableByAll { #expect(failed["secret.md"]?.contains("read") == true) }
        #expect(skipped["program.bin"] != nil)
        #expect(skipped["link.md"]?.contains("leaves") == true)
        #expect(try fixture.knowledgeBase.store.consistencyProblems().isEmpty)
        let indexed = try fixture.knowledgeBase.store.documents().map { ($0.path as NSString).lastPathComponent }
        #expect(indexed == (readableByAll ? ["good.md", "secret.md"] : ["good.md"]))
    }
}
