import Footnote
import Foundation
import Testing
import TestSupport

@Suite("FIFOs, sockets and devices are reported, never opened")
struct SpecialFileTests {
    @Test("A FIFO in the folder: add returns promptly, one failed line names it, exit status 1")
    func fifoIsReported() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-fifo")
        try directory.write("docs/good.md", "# Good\n\nFine.")
        try IngestTestSupport.makeFIFO(directory.url.appendingPathComponent("docs/pipe.md"))
        let index = directory.url.appendingPathComponent("index.sqlite").path

        let (add, timedOut) = try IngestTestSupport.run(
            ["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--no-embed"], seconds: 60)
        #expect(!timedOut, "add blocked on the FIFO")
        #expect(add.status == 1)
        let lines = add.stderr.split(separator: "\n").filter { $0.contains("pipe.md") }
        #expect(lines.count == 1, "\(add.stderr)")
        #expect(lines.first?.hasPrefix("failed") == true)
        #expect(lines.first?.contains("not a regular file: FIFO") == true)
        #expect(add.stdout.contains("1 added") && add.stdout.contains("1 failed"))
    }

    @Test("A FIFO named .footnoteignore does not block the walk: its folder is left out and reported")
    func fifoIgnoreFile() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-fifo-ignore")
        try directory.write("docs/good.md", "# Good\n\nFine.")
        try directory.write("docs/private/secret.md", "# Secret\n\nMeant to be ignored.")
        try IngestTestSupport.makeFIFO(directory.url.appendingPathComponent("docs/private/.footnoteignore"))
        let index = directory.url.appendingPathComponent("index.sqlite").path

        let (add, timedOut) = try IngestTestSupport.run(
            ["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--no-embed"], seconds: 60)
        #expect(!timedOut, "add blocked on the FIFO")
        #expect(add.status == 1)
        #expect(add.stderr.contains(".footnoteignore") && add.stderr.contains("FIFO"), "\(add.stderr)")
        #expect(add.stdout.contains("1 added"))
        #expect(!add.stdout.contains("2 added"), "the folder whose rules cannot be read is left out")
    }

    @Test("A Unix socket is reported as failed with its kind")
    func socketIsReported() throws {
        let fixture = try KnowledgeBaseFixture()
        try fixture.write("good.md", "# Good\n\nFine.")
        let socketPath = fixture.files.appendingPathComponent("daemon.sock").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        try #require(pathBytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (offset, byte) in pathBytes.enumerated() { raw[offset] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)

        let report = try fixture.knowledgeBase.add([fixture.files.path])
        #expect(report.added == 1)
        let failed = report.failed.filter { $0.path.hasSuffix("daemon.sock") }
        #expect(failed.count == 1)
        #expect(failed.first?.reason.contains("not a regular file: socket") == true)
    }
}
