import Foundation
@testable import FootnoteHTTP
import TestSupport

/// One `footnote serve` process of a cluster test, on a free loopback port, with bearer tokens; requests go
/// over real connections (`RawHTTP`).
final class ClusterNode: @unchecked Sendable {
    // `output` is appended by the pipe's handler thread and read by the test; `lock` orders both.
    private let lock = NSLock()
    private var output = ""
    let name: String
    let running: FootnoteBinary.Running
    private(set) var port = 0

    /// Starts `footnote serve` with `arguments` (store, tokens, uploads…) and waits until it prints its port.
    init(_ name: String, arguments: [String], environment: [String: String] = [:]) throws {
        self.name = name
        running = try FootnoteBinary.start(["serve", "--port", "0", "--no-model"] + arguments, environment: environment)
        running.errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            self?.lock.withLock { self?.output += text }
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, running.process.isRunning {
            let printed = lock.withLock { output }
            if let range = printed.range(of: "on http://127.0.0.1:"),
               let port = Int(printed[range.upperBound...].prefix { $0.isNumber }) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let printed = lock.withLock { output }
        stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve \(name) did not start: \(printed)"])
    }

    /// What the process wrote on stderr so far.
    var log: String { lock.withLock { output } }

    /// One request with `token` as bearer.
    func send(_ method: String, _ path: String, token: String, headers: [(String, String)] = [], body: Data? = nil)
        async throws -> TestServer.Reply {
        try await RawHTTP.send(port: port, method: method, path: path, host: "127.0.0.1:\(port)",
                               headers: [("Authorization", "Bearer \(token)")] + headers, body: body)
    }

    /// Uploads one file into `groups` (comma-separated; nil: the caller's).
    func upload(_ name: String, _ text: String, groups: String?, token: String) async throws -> TestServer.Reply {
        let form = TestServer.multipart([(name, Data(text.utf8))], groups: groups)
        return try await send("POST", "/v1/documents", token: token, headers: [("Content-Type", form.contentType)], body: form.body)
    }

    /// The paths of a lexical search's hits.
    func searchPaths(_ query: String, token: String) async throws -> [String] {
        let reply = try await send("GET", "/v1/search?q=\(query)&mode=lexical&limit=20", token: token)
        guard reply.status == .ok else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "search on \(name): \(reply.status) \(reply.text)"])
        }
        let hits = (try reply.object()["hits"] as? [[String: Any]]) ?? []
        return hits.compactMap { $0["path"] as? String }
    }

    /// SIGKILL: the node dies without closing anything, as a crashed machine would.
    func kill() {
        Foundation.kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        running.errorPipe.fileHandleForReading.readabilityHandler = nil
    }

    /// SIGTERM (SIGKILL after 10 s); harmless when the process has already exited.
    func stop() {
        if running.process.isRunning {
            running.process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while running.process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if running.process.isRunning { Foundation.kill(running.process.processIdentifier, SIGKILL) }
        }
        running.process.waitUntilExit()
        running.errorPipe.fileHandleForReading.readabilityHandler = nil
    }
}
