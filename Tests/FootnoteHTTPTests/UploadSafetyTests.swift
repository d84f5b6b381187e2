import Foundation
import Footnote
@testable import FootnoteHTTP
import Hummingbird
import TestSupport
import Testing

/// Uploads ingest only their own files; what fails is reported and never stays on disk (live server).
@Suite("Upload safety: per-upload ingest, failed files, long names, crash recovery")
struct UploadSafetyTests {
    /// A ZIP signature and then noise (no NUL byte, so it is not passed over as binary): the DOCX parser fails on it.
    static let corruptDOCX: Data = {
        let noise: [UInt8] = (0..<4096).map { (position: Int) -> UInt8 in UInt8(1 + (position * 7919 + 13) % 255) }
        return Data([0x50, 0x4B, 0x03, 0x04] + noise)
    }()
    private func names(_ live: LiveServer) -> [String] {
        live.storedUploads().filter { !$0.hasSuffix(".footnoteaccess") }
    }
    private func hits(_ live: LiveServer, _ query: String) async throws -> Int {
        (try await live.send("GET", "/v1/search?q=\(query)").object()["hits"] as? [Any])?.count ?? -1
    }

    @Test("a file that fails to parse is listed with its reason and deleted; the rest of the upload is ingested")
    func partialFailure() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let reply = try await live.upload([("good.md", Data("# Good\n\nzqxgood passage\n".utf8)), ("x.docx", Self.corruptDOCX)])
            #expect(reply.status == .created, "\(reply.text)")
            let failed = try #require(try reply.object()["failed"] as? [[String: Any]])
            #expect(failed.count == 1 && (failed.first?["path"] as? String)?.hasSuffix("/x.docx") == true, "\(failed)")
            let reason = (failed.first?["reason"] as? String) ?? ""
            #expect(!reason.isEmpty)
            #expect(names(live) == ["public/good.md"], "\(names(live))")
            #expect(try await hits(live, "zqxgood") == 1)
            // Only failures: 422 as before, and nothing stays (not even the folder this upload created).
            let onlyBad = try await live.upload([("y.docx", Self.corruptDOCX)], headers: [])
            #expect(onlyBad.status == .unprocessableContent)
            #expect(names(live) == ["public/good.md"])
        }
    }

    @Test("an upload parses only its own files: a file already in the folder is not ingested again")
    func onlyOwnFiles() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            #expect(try await live.upload([("first.md", Data("# First\n\nzqxfirst\n".utf8))]).status == .created)
            // A file that reached the folder some other way (an old poisonous upload, a crash) is left alone.
            let stray = live.server.service.uploadsDirectory.appendingPathComponent("public/stray.md")
            try Data("# Stray\n\nzqxstray\n".utf8).write(to: stray)
            let reply = try await live.upload([("second.md", Data("# Second\n\nzqxsecond\n".utf8))])
            #expect(reply.status == .created)
            #expect(try reply.object()["unchanged"] as? Int == 0, "the first file was looked at again: \(reply.text)")
            #expect(try await hits(live, "zqxsecond") == 1)
            #expect(try await hits(live, "zqxstray") == 0, "the upload ingested a file it did not bring")
        }
    }

    @Test("a new version that fails to parse leaves the previous file and document in place")
    func failedReplacementKeepsPrevious() async throws {
        let docx = try Data(contentsOf: RepositoryPaths.corpora.appendingPathComponent("docx/atomiccommit.docx"))
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let first = try await live.upload([("manual.docx", docx)])
            #expect(first.status == .created, "\(first.text)")
            let path = try #require((try first.object()["documents"] as? [[String: Any]])?.first?["path"] as? String)
            let replaced = try await live.upload([("manual.docx", Self.corruptDOCX)])
            #expect(replaced.status == .unprocessableContent, "\(replaced.text)")
            #expect(FileManager.default.contents(atPath: path) == docx, "the previous file was not restored")
            #expect(names(live) == ["public/manual.docx"], "\(names(live))")
            #expect(try live.server.service.pool.writer.store.document(path: path) != nil)
        }
    }

    @Test("a 400-byte UTF-8 file name is cut on a character boundary (extension kept), not a 500")
    func longName() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let name = String(repeating: "é", count: 200) + ".md"
            let reply = try await live.upload([(name, Data("# Long\n\nzqxlongname\n".utf8))])
            #expect(reply.status == .created, "\(reply.status) \(reply.text)")
            let stored = try #require(names(live).first.map { String($0.dropFirst("public/".count)) })
            #expect(stored.utf8.count <= KnowledgeService.maxFileNameBytes && stored.hasSuffix(".md"), "\(stored)")
            #expect(name.hasPrefix(String(stored.dropLast(3))))
            #expect(try await hits(live, "zqxlongname") == 1)
            #expect(KnowledgeService.safeFileName(String(repeating: "😀", count: 100)).utf8.count <= KnowledgeService.maxFileNameBytes)
        }
    }

    @Test("refused uploads (403, 400) leave nothing on disk")
    func refusalsLeaveNothing() async throws {
        try await LiveServer.run(try TestServer()) { live in
            let bob = [("Authorization", "Bearer \(TestServer.Token.bob)")]
            let admin = [("Authorization", "Bearer \(TestServer.Token.admin)")]
            #expect(try await live.upload([("a.md", Data("# A\n\nx\n".utf8))], headers: bob).status == .forbidden)
            let twice = try await live.upload([("a.md", Data("# A\n\nx\n".utf8)), ("a.md", Data("# B\n\ny\n".utf8))], headers: admin)
            #expect(twice.status == .badRequest)
            #expect(try await live.upload([("z.docx", Self.corruptDOCX)], headers: admin).status == .unprocessableContent)
            #expect(live.storedUploads().isEmpty, "\(live.storedUploads())")
        }
    }

    @Test("after uploads, failures and a delete, `sync` finds nothing to fail on and keeps the uploads")
    func syncAfterUploads() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let kept = try await live.upload([("kept.md", Data("# Kept\n\nzqxkept\n".utf8)), ("bad.docx", Self.corruptDOCX)])
            let gone = try await live.upload([("gone.md", Data("# Gone\n\nzqxgone\n".utf8))])
            let id = try #require((try gone.object()["documents"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(kept.status == .created)
            #expect(try await live.send("DELETE", "/v1/documents/\(id)").status == .ok)
            let report = try live.server.service.pool.writer.sync()
            #expect(report.failed.isEmpty && report.removed == 0, "\(report.failed)")
            #expect(try await hits(live, "zqxkept") == 1)
        }
    }

    @Test("an upload a crash interrupted is taken back at the next start: unindexed files go, previous ones return")
    func crashRecovery() async throws {
        let server = try TestServer(withTokens: false)
        let uploads = server.service.uploadsDirectory
        #expect(try await server.upload([("kept.md", "# Kept\n\nzqxkept\n"), ("old.md", "# Old\n\nzqxold\n")], token: nil).status == .created)
        let folder = uploads.appendingPathComponent("public")
        // As if the server died while parsing: a new file and a new version of old.md in place, old.md's backup beside.
        try FileManager.default.moveItem(at: folder.appendingPathComponent("old.md"), to: folder.appendingPathComponent(".backup-1"))
        try Self.corruptDOCX.write(to: folder.appendingPathComponent("old.md"))
        try Self.corruptDOCX.write(to: folder.appendingPathComponent("crash.docx"))
        let journal = [("crash.docx", ".backup-2"), ("old.md", ".backup-1"), ("kept.md", ".backup-3")]
            .map { "\(folder.path)/\($0.0)\t\(folder.path)/\($0.1)\n" }.joined()
        try Data(journal.utf8).write(to: uploads.appendingPathComponent(UploadBatch.journalName))
        _ = try KnowledgeService(pool: server.service.pool, uploadsDirectory: uploads)
        #expect(LiveServer.files(under: uploads).filter { !$0.hasSuffix(".footnoteaccess") } == ["public/kept.md", "public/old.md"])
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("old.md").path) == Data("# Old\n\nzqxold\n".utf8))
        #expect(try server.service.pool.writer.sync().failed.isEmpty)
    }
}
