import Foundation
import Footnote
@testable import FootnoteHTTP
import Hummingbird
import Logging
import FootnoteCore
import TestSupport

/// A real index in a temporary folder with three access levels, served by the real router in-process.
final class TestServer: Sendable {
    let directory: TemporaryDirectory
    let service: KnowledgeService
    let configuration: ServiceConfiguration
    let responder: Router<FootnoteRequestContext>.Responder
    static let logger = Logger(label: "footnote.http.test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Tokens of the test principals (plain text; the registry keeps only their digests).
    enum Token {
        static let admin = "admin-token"
        static let alice = "alice-token"  // engineering, may write
        static let bob = "bob-token"  // hr, read only
        static let guest = "guest-token"  // no groups
    }

    /// `withTokens: false` runs like a loopback server without tokens (every caller is the owner).
    init(withTokens: Bool = true, readers: Int = 2, askModels: AskModels = .extractive, allowedHosts: [String] = []) throws {
        directory = try TemporaryDirectory(prefix: "footnote-http")
        try directory.write("corpus/public/wal.md", "# Write-ahead log\n\nThe write-ahead log keeps readers working while a writer commits. A checkpoint moves pages back into the database.\n")
        try directory.write("corpus/engineering/.footnoteaccess", "engineering\n")
        try directory.write("corpus/engineering/roadmap.md", "# Roadmap\n\nThe checkpoint project codename Falcon ships in spring.\n")
        try directory.write("corpus/hr/.footnoteaccess", "hr\n")
        try directory.write("corpus/hr/salaries.md", "# Salaries\n\nThe checkpoint bonus for the Falcon team and the salary bands.\n")
        let indexPath = directory.url.appendingPathComponent("index.sqlite").path
        let writer = try KnowledgeBase(configuration: FootnoteConfiguration(indexPath: indexPath))
        _ = try writer.add([directory.url.appendingPathComponent("corpus").path])
        var tokens = TokenRegistry.empty
        if withTokens {
            try tokens.add(sha256: SHA256Hex.of(Token.admin), principal: .owner)
            try tokens.add(sha256: SHA256Hex.of(Token.alice), principal: Principal(name: "alice", groups: ["engineering"], canWrite: true))
            try tokens.add(sha256: SHA256Hex.of(Token.bob), principal: Principal(name: "bob", groups: ["hr"], canWrite: false))
            try tokens.add(sha256: SHA256Hex.of(Token.guest), principal: Principal(name: "guest", groups: [], canWrite: true))
        }
        configuration = ServiceConfiguration(
            host: "127.0.0.1", port: 0, tokens: tokens, allowedHosts: allowedHosts, uploadsDirectory: directory.url.appendingPathComponent("index.sqlite.uploads"),
            readers: readers, maxUploadBytes: 1 << 20)
        service = try KnowledgeService(
            pool: ConnectionPool(writer: writer, readerCount: readers), uploadsDirectory: configuration.uploadsDirectory, askModels: askModels)
        responder = FootnoteHTTPServer.buildRouter(service: service, configuration: configuration).buildResponder()
    }

    /// A response as the test sees it.
    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> Any { try JSONSerialization.jsonObject(with: body) }
        func object() throws -> [String: Any] { (try json() as? [String: Any]) ?? [:] }
    }

    /// Sends one request through the router, as the server would.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:], body: Data? = nil)
        async throws -> Reply {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let body { fields[.contentLength] = String(body.count) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: fields),
            body: RequestBody(buffer: ByteBuffer(bytes: body ?? Data())))
        var logger = Self.logger
        logger[metadataKey: "hb.request.id"] = .string(UUID().uuidString)
        let response = try await responder.respond(to: request, context: FootnoteRequestContext(logger: logger))
        let collector = BodyCollector()
        try await response.body.write(collector)
        return Reply(status: response.status, headers: response.headers, body: collector.data)
    }

    /// Sends a JSON body.
    func sendJSON(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, _ object: [String: Any]) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await send(method, path, token: token, headers: [.contentType: "application/json"], body: body)
    }

    /// Sends files as multipart/form-data, with an optional `groups` field.
    func upload(_ files: [(name: String, contents: String)], groups: String? = nil, token: String?) async throws -> Reply {
        let form = Self.multipart(files.map { ($0.name, Data($0.contents.utf8)) }, groups: groups)
        return try await send(.post, "/v1/documents", token: token, headers: [.contentType: form.contentType], body: form.body)
    }

    /// A multipart/form-data body of `file` parts and an optional `groups` field, with its content type.
    static func multipart(_ files: [(name: String, data: Data)], groups: String? = nil) -> (contentType: String, body: Data) {
        let boundary = "----footnote-test-\(UUID().uuidString)"
        var body = Data()
        if let groups {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"groups\"\r\n\r\n\(groups)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ("multipart/form-data; boundary=\(boundary)", body)
    }
}

/// Collects a response body.
final class BodyCollector: ResponseBodyWriter, @unchecked Sendable {
    // Written by one response writer at a time, read after `write(_:)` returns.
    var data = Data()
    func write(_ buffer: ByteBuffer) async throws { data.append(contentsOf: buffer.readableBytesView) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// SHA-256 hex digests for token registries.
enum SHA256Hex {
    static func of(_ text: String) -> String { FootnoteCore.SHA256.hex(text) }
}
