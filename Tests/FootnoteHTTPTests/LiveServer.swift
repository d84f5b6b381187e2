import Foundation
@testable import FootnoteHTTP
import Hummingbird
import Testing

/// The test index served by the real application (Hummingbird over NIO) on a free 127.0.0.1 port.
struct LiveServer: Sendable {
    /// What a request sends as `Host`.
    enum HostHeader: Sendable {
        /// `127.0.0.1:<port>`, as a client of this server writes it.
        case own
        /// No `Host` header at all.
        case none
        case value(String)
    }

    let server: TestServer
    let port: Int
    /// `http://127.0.0.1:<port>`: the server's own origin.
    var base: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` while `server`'s index is served; the server stops afterwards.
    static func run(_ server: TestServer, _ body: @Sendable (LiveServer) async throws -> Void) async throws {
        let ports = AsyncStream<Int>.makeStream()
        let app = try FootnoteHTTPServer.buildApplication(
            service: server.service, configuration: server.configuration, logger: TestServer.logger
        ) { port in ports.continuation.yield(port) }
        let running = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(LiveServer(server: server, port: port))
    }

    /// One request over a real connection.
    func send(_ method: String, _ path: String, host: HostHeader = .own, headers: [(String, String)] = [], body: Data? = nil)
        async throws -> TestServer.Reply {
        let hostValue: String?
        switch host {
        case .own: hostValue = "127.0.0.1:\(port)"
        case .none: hostValue = nil
        case let .value(text): hostValue = text
        }
        return try await RawHTTP.send(port: port, method: method, path: path, host: hostValue, headers: headers, body: body)
    }

    /// A multipart upload of `files` over a real connection.
    func upload(_ files: [(name: String, data: Data)], headers: [(String, String)] = [], host: String? = nil) async throws
        -> TestServer.Reply {
        let form = TestServer.multipart(files)
        return try await send("POST", "/v1/documents", host: host.map(HostHeader.value) ?? .own,
                              headers: [("Content-Type", form.contentType)] + headers, body: form.body)
    }

    /// Regular files left in the uploads folder (hidden ones included), relative to it.
    func storedUploads() -> [String] { Self.files(under: server.service.uploadsDirectory) }

    /// Regular files under `folder`, relative paths, sorted.
    static func files(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { item -> String? in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            return String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
        }.sorted()
    }
}
