import Foundation
@testable import HTTPTransport
import Testing
import TestSupport

@Suite("HTTP client (libcurl) against a scripted server on 127.0.0.1")
struct HTTPClientTests {
    func request(_ server: FakeChatServer, body: String = "{}") throws -> HTTPRequest {
        let url = try #require(URL(string: server.baseURL + "/chat/completions"))
        return HTTPRequest(url: url, method: "POST", headers: [(name: "Content-Type", value: "application/json"), (name: "Authorization", value: "Bearer k1")],
                           body: Data(body.utf8))
    }

    @Test("method, path, headers and body reach the server; status, headers and body come back")
    func exchange() async throws {
        let server = try FakeChatServer(replies: [.init(status: 200, contentType: "echo", pieces: [])])
        let body = String(repeating: "é", count: 3000)  // over 1 KiB: no "Expect: 100-continue" stall
        let (head, data) = try await HTTPClient.send(try request(server, body: body), idleTimeout: 10)
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "echo")
        let echo = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(echo["method"] as? String == "POST")
        #expect(echo["path"] as? String == "/v1/chat/completions")
        #expect(echo["body"] as? String == body)
        let headers = try #require(echo["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer k1")
        #expect(headers["expect"] == nil)
    }

    @Test("pieces are handed over as they arrive, in order, with the status")
    func streaming() async throws {
        let pieces = (1...5).map { "piece \($0);" }
        let server = try FakeChatServer(replies: [.init(status: 200, contentType: "text/event-stream", pieces: pieces)])
        let received = LockedPieces()
        let head = try await HTTPClient.perform(try request(server), idleTimeout: 10) { head, data in
            received.append(head.status, data)
        }
        #expect(head.status == 200)
        #expect(received.text == pieces.joined())
        #expect(received.statuses == [200])
        #expect(received.count > 1, "the 20 ms pauses between pieces arrive as separate pieces")
    }

    @Test("an error status is returned with its body, not thrown")
    func errorStatus() async throws {
        let server = try FakeChatServer(replies: [.init(status: 503, pieces: ["{\"error\":\"busy\"}"])])
        let (head, data) = try await HTTPClient.send(try request(server), idleTimeout: 10)
        #expect(head.status == 503)
        #expect(head.statusLine == "HTTP 503 Service Unavailable")
        #expect(String(decoding: data, as: UTF8.self) == "{\"error\":\"busy\"}")
    }

    @Test("a server that accepts but never answers is a timeout after the idle time")
    func silentServer() async throws {
        let server = try FakeChatServer(replies: [.init(status: 0, pieces: [])])
        await #expect(throws: HTTPTransportError.timedOut(url: try request(server).url.absoluteString, seconds: 1)) {
            _ = try await HTTPClient.send(try request(server), idleTimeout: 1)
        }
    }

    @Test("a refused connection is reported as unreachable")
    func refused() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:9/v1/chat/completions"))  // discard port: nothing listens
        await #expect(throws: HTTPTransportError.unreachable(url: url.absoluteString, reason: "connection refused")) {
            _ = try await HTTPClient.send(HTTPRequest(url: url, body: Data("{}".utf8)), idleTimeout: 5)
        }
    }

    @Test("an error thrown while receiving aborts the transfer and is rethrown as is")
    func receiverError() async throws {
        struct Stop: Error {}
        let server = try FakeChatServer(replies: [.init(status: 200, pieces: ["a", "b", "c"])])
        await #expect(throws: Stop.self) {
            _ = try await HTTPClient.perform(try request(server), idleTimeout: 10) { _, _ in throw Stop() }
        }
    }

    @Test("timeouts convert to libcurl milliseconds without trapping on infinity or negatives")
    func milliseconds() {
        #expect(CurlTransfer.milliseconds(1.5) == 1500)
        #expect(CurlTransfer.milliseconds(-1) == 0)
        #expect(CurlTransfer.milliseconds(.infinity) == CurlTransfer.milliseconds(1e12))
        #expect(CurlTransfer.milliseconds(.infinity) > 0)
    }

    @Test("cancelling the task aborts a transfer that is still waiting")
    func cancellation() async throws {
        let server = try FakeChatServer(replies: [.init(status: 0, pieces: [])])
        let request = try request(server)
        let task = Task { try await HTTPClient.send(request, idleTimeout: 25) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}

/// Pieces received on the transfer thread, read by the test afterwards.
final class LockedPieces: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var data = Data()
    private var pieces = 0
    private var seen: [Int] = []

    func append(_ status: Int, _ piece: Data) {
        lock.withLock {
            data.append(piece)
            pieces += 1
            if !seen.contains(status) { seen.append(status) }
        }
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    var count: Int { lock.withLock { pieces } }
    var statuses: [Int] { lock.withLock { seen } }
}

@Suite("HTTP client over TLS (self-signed certificate made with openssl)",
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "openssl is not installed"))
struct HTTPClientTLSTests {
    /// A certificate and key for 127.0.0.1 in a temporary folder.
    func certificate() throws -> (TemporaryDirectory, certificate: String, key: String) {
        let directory = try TemporaryDirectory(prefix: "tls")
        let certificate = directory.url.appendingPathComponent("cert.pem").path
        let key = directory.url.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl could not make a certificate")
        return (directory, certificate, key)
    }

    @Test("HTTPS works with the server's CA trusted, and an untrusted certificate is refused with a clear reason")
    func https() async throws {
        let (directory, certificate, key) = try certificate()
        defer { withExtendedLifetime(directory) {} }
        let server = try FakeChatServer(replies: [.init(status: 200, contentType: "echo", pieces: [])], tls: (certificate, key))
        let url = try #require(URL(string: server.baseURL + "/embeddings"))
        #expect(url.scheme == "https")
        let (head, data) = try await HTTPClient.send(HTTPRequest(url: url, body: Data("{\"x\":1}".utf8), caBundle: certificate), idleTimeout: 10)
        #expect(head.status == 200)
        let echo = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(echo["body"] as? String == "{\"x\":1}")

        do {
            _ = try await HTTPClient.send(HTTPRequest(url: url, body: Data("{}".utf8), caBundle: nil), idleTimeout: 10)
            Issue.record("a self-signed certificate must not be trusted by default")
        } catch let error as HTTPTransportError {
            guard case let .unreachable(_, reason) = error else { throw error }
            #expect(reason.contains("FOOTNOTE_CA_BUNDLE"), "\(reason)")
        }
    }
}
