import Foundation
@testable import FootnoteHTTP
import Hummingbird
import TestSupport
import Testing

/// `footnote serve` as a process: a file that fails to parse never comes back to break later uploads or a restart.
@Suite("footnote serve across a restart (real executable)", .serialized)
struct ServeRestartTests {
    /// A running `footnote serve --port 0` and the port it printed.
    final class Serve: @unchecked Sendable {
        // `output` is appended by the pipe's handler thread and read by the test; `lock` orders both.
        private let lock = NSLock()
        private var output = ""
        let running: FootnoteBinary.Running
        private(set) var port = 0

        /// `arguments` choose the embedder (default: none).
        init(index: String, arguments: [String] = ["--no-model"]) throws {
            running = try FootnoteBinary.start(["serve", "--index", index, "--port", "0"] + arguments)
            running.errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                self?.lock.withLock { self?.output += text }
            }
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline, running.process.isRunning {
                let printed = lock.withLock { output }
                if let range = printed.range(of: "on http://127.0.0.1:"),
                   let port = Int(printed[range.upperBound...].prefix { $0.isNumber }) {
                    self.port = port
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not start: \(lock.withLock { output })"])
        }

        var isRunning: Bool { running.process.isRunning }

        func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil) async throws -> TestServer.Reply {
            try await RawHTTP.send(port: port, method: method, path: path, host: "127.0.0.1:\(port)", headers: headers, body: body)
        }

        func upload(_ name: String, _ data: Data) async throws -> TestServer.Reply {
            let form = TestServer.multipart([(name, data)])
            return try await send("POST", "/v1/documents", headers: [("Content-Type", form.contentType)], body: form.body)
        }

        /// SIGTERM, then SIGKILL when it does not stop within 20 s.
        func stop() {
            running.process.terminate()
            let deadline = Date().addingTimeInterval(20)
            while running.process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) }
            running.process.waitUntilExit()
            running.errorPipe.fileHandleForReading.readabilityHandler = nil
        }
    }

    /// Files that fail to parse: a corrupt DOCX, and an XML entity bomb (50,000 uses of a 50,000-letter
    /// entity, 2.5 GB when expanded) that the parser refuses at its entity-expansion limit.
    static var poisonous: [(String, Data)] {
        let bomb = #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a ""# + String(repeating: "A", count: 50_000)
            + #"">]><r><p>"# + String(repeating: "&a;", count: 50_000) + "</p></r>"
        return [("x.docx", UploadSafetyTests.corruptDOCX), ("bomb.xml", Data(bomb.utf8))]
    }

    @Test("upload a file that fails to parse, then a good one; restart; upload another: both good ones are searchable, the bad one is gone")
    func failedUploadAcrossRestart() async throws {
        let directory = try TemporaryDirectory(prefix: "footnote-serve-restart")
        let index = directory.url.appendingPathComponent("index.sqlite").path
        let uploads = ServiceConfiguration.defaultUploadsDirectory(indexPath: index)
        let first = try Serve(index: index)
        for (name, data) in Self.poisonous {
            let reply = try await first.upload(name, data)
            #expect(reply.status == .unprocessableContent, "\(name): \(reply.status) \(reply.text)")
            #expect(first.isRunning, "the server died on \(name)")
        }
        #expect(try await first.upload("alpha.md", Data("# Alpha\n\nzqxalpha survives the restart\n".utf8)).status == .created)
        first.stop()

        let second = try Serve(index: index)
        defer { second.stop() }
        let beta = try await second.upload("beta.md", Data("# Beta\n\nzqxbeta after the restart\n".utf8))
        #expect(beta.status == .created, "\(beta.text)")
        #expect(try beta.object()["unchanged"] as? Int == 0, "an earlier file was looked at again")
        for marker in ["zqxalpha", "zqxbeta"] {
            let hits = try await second.send("GET", "/v1/search?q=\(marker)").object()["hits"] as? [Any]
            #expect(hits?.count == 1, "\(marker) is not searchable")
        }
        #expect(second.isRunning)
        let stored = LiveServer.files(under: uploads).filter { !$0.hasSuffix(".footnoteaccess") }
        #expect(stored == ["public/alpha.md", "public/beta.md"], "\(stored)")
        let sync = try FootnoteBinary.run(["sync", "--index", index, "--json", "--no-embed"])
        #expect(sync.status == 0, "sync after the uploads: \(sync.stdout) \(sync.stderr)")
    }
}
