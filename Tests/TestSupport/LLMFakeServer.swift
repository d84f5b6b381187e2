import Foundation

/// A scripted OpenAI-style HTTP server on 127.0.0.1 (Python's http.server in a subprocess): the network
/// boundary for tests of retries, errors and SSE framing. Each request gets the next scripted reply.
public final class FakeChatServer: @unchecked Sendable {
    // Immutable after init.
    public let port: Int
    private let scheme: String
    private let process: Process
    private let directory: TemporaryDirectory

    /// One scripted reply: status, content type and body (sent in `pieces` writes with a pause between).
    /// Status 0 means no reply at all: the server holds the connection open for 30 s without a byte.
    /// Content type "echo" answers with a JSON object of the request's method, path, headers (lowercased) and body.
    public struct Reply: Codable, Sendable {
        public var status: Int
        public var contentType: String
        public var pieces: [String]

        public init(status: Int, contentType: String = "application/json", pieces: [String]) {
            self.status = status
            self.contentType = contentType
            self.pieces = pieces
        }
    }

    /// A reply with a non-streamed chat completion whose message is `text`.
    public static func completion(_ text: String) -> Reply {
        let object: [String: Any] = ["model": "scripted", "choices": [["message": ["role": "assistant", "content": text], "finish_reason": "stop"]]]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Reply(status: 200, pieces: [String(decoding: data, as: UTF8.self)])
    }

    /// With `tls` (PEM certificate and key files), the server speaks HTTPS.
    public init(replies: [Reply], tls: (certificate: String, key: String)? = nil) throws {
        scheme = tls == nil ? "http" : "https"
        directory = try TemporaryDirectory(prefix: "fake-chat")
        let script = directory.url.appendingPathComponent("server.py")
        try Data(Self.script.utf8).write(to: script)
        let repliesFile = try directory.write("replies.json", String(decoding: try JSONEncoder().encode(replies), as: UTF8.self))
        let portFile = directory.url.appendingPathComponent("port")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, repliesFile.path, portFile.path] + (tls.map { [$0.certificate, $0.key] } ?? [])
        // Not the runner's pipes: an orphan holding them would keep `swift test` waiting for EOF.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var found: Int?
        for _ in 0..<100 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                found = value
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            process.terminate()
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the fake server did not start"])
        }
        port = found
    }

    deinit {
        // SIGKILL: a test runner may leave SIGTERM ignored in its children.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public var baseURL: String { "\(scheme)://127.0.0.1:\(port)/v1" }

    private static let script = """
        import json, os, signal, sys, threading, time
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        parent = os.getppid()
        def watchdog():
            while os.getppid() == parent: time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watchdog, daemon=True).start()
        from http.server import BaseHTTPRequestHandler, HTTPServer
        replies = json.load(open(sys.argv[1]))
        state = {"n": 0}
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"
            def log_message(self, *a): pass
            def do_POST(self):
                received = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                r = replies[min(state["n"], len(replies) - 1)]; state["n"] += 1
                if r["status"] == 0:
                    time.sleep(30); return
                pieces = r["pieces"]
                if r["contentType"] == "echo":
                    pieces = [json.dumps({"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                          "body": received.decode("utf-8", "replace")})]
                self.send_response(r["status"]); self.send_header("Content-Type", r["contentType"]); self.end_headers()
                for p in pieces:
                    self.wfile.write(p.encode()); self.wfile.flush(); time.sleep(0.02)
        s = HTTPServer(("127.0.0.1", 0), H)
        if len(sys.argv) > 4:
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(sys.argv[3], sys.argv[4])
            s.socket = context.wrap_socket(s.socket, server_side=True)
        open(sys.argv[2], "w").write(str(s.server_port))
        s.serve_forever()
        """
}
