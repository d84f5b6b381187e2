import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real OpenAI-compatible embeddings server on 127.0.0.1 (a Python `http.server` child process on an
/// ephemeral port) that serves deterministic vectors and misbehaves on request: fail the first N
/// requests with a status, demand an API key, or hang past the client's timeout.
public final class RemoteTestServer: @unchecked Sendable {
    // Immutable after init; the class exists to stop the child process in deinit.
    let process: Process
    public let port: Int
    let directory: TemporaryDirectory
    let lifeline: Pipe

    /// What the server saw, from `GET /stats`.
    public struct Stats: Decodable, Sendable {
        public var requests: Int
        public var batch_sizes: [Int]
        public var models: [String]
        public var auth: [String]
    }

    /// Starts the server; `arguments` are the script's options (`--dim`, `--fail-first`, `--fail-status`,
    /// `--api-key`, `--hang-first`, `--hang-seconds`).
    public init(_ arguments: [String] = []) throws {
        directory = try TemporaryDirectory(prefix: "footnote-remote-server")
        let script = try directory.write("embeddings_server.py", Self.script)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        // The server exits when this pipe closes, so it never outlives a crashed or killed test run.
        lifeline = Pipe()
        process.standardInput = lifeline
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(line) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw ServerError(message: "the test server did not print its port (got '\(line)'); is python3 installed?")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the child inherits the test runner's signal mask, in which SIGTERM may be blocked.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The base URL in the OpenAI SDK style (`…/v1`).
    public var baseURL: URL {
        get throws {
            guard let url = URL(string: "http://127.0.0.1:\(port)/v1") else { throw ServerError(message: "bad port \(port)") }
            return url
        }
    }

    /// Counts and details of the requests served so far.
    public func stats() async throws -> Stats {
        guard let url = URL(string: "http://127.0.0.1:\(port)/stats") else { throw ServerError(message: "bad port \(port)") }
        let (data, _) = try await URLSession.shared.data(from: url)
        return try JSONDecoder().decode(Stats.self, from: data)
    }

    /// The unnormalised vector the server returns for `text` (mirrors `vector()` in the script).
    public static func vector(for text: String, dimension: Int) -> [Float] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a, 64 bits
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return (0..<dimension).map { i in
            let mixed = (hash ^ (UInt64(i) &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
            return Float(Int(mixed >> 33) % 201 - 100) * 0.5
        }
    }

    public struct ServerError: Error, CustomStringConvertible {
        var message: String
        public var description: String { message }
    }

    static let script = #"""
    import json, os, signal, sys, threading, time
    from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])

    def exit_when_parent_goes():
        sys.stdin.buffer.read()  # returns at EOF: the test process closed the pipe or died
        os._exit(0)

    threading.Thread(target=exit_when_parent_goes, daemon=True).start()

    opts = {"--dim": "8", "--fail-first": "0", "--fail-status": "503", "--api-key": "",
            "--hang-first": "0", "--hang-seconds": "5"}
    args = sys.argv[1:]
    for i in range(0, len(args) - 1, 2):
        opts[args[i]] = args[i + 1]
    DIM, FAIL_FIRST, FAIL_STATUS = int(opts["--dim"]), int(opts["--fail-first"]), int(opts["--fail-status"])
    API_KEY, HANG_FIRST, HANG_SECONDS = opts["--api-key"], int(opts["--hang-first"]), float(opts["--hang-seconds"])
    lock = threading.Lock()
    stats = {"requests": 0, "batch_sizes": [], "models": [], "auth": []}

    def vector(text, dim):
        h, m = 0xCBF29CE484222325, 2 ** 64  # FNV-1a, 64 bits
        for b in text.encode("utf-8"):
            h = ((h ^ b) * 0x100000001B3) % m
        return [(((h ^ (i * 0x9E3779B97F4A7C15 % m)) * 0xBF58476D1CE4E5B9 % m >> 33) % 201 - 100) * 0.5
                for i in range(dim)]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, status, body, headers=()):
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self):
            with lock:
                self.reply(200, stats)

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
            with lock:
                stats["requests"] += 1
                n = stats["requests"]
                stats["auth"].append(self.headers.get("Authorization", ""))
            if API_KEY and self.headers.get("Authorization") != "Bearer " + API_KEY:
                return self.reply(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}})
            if n <= HANG_FIRST:
                time.sleep(HANG_SECONDS)
            if n <= FAIL_FIRST:
                return self.reply(FAIL_STATUS, {"error": {"message": "model is loading", "type": "server_error"}})
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            with lock:
                stats["batch_sizes"].append(len(inputs))
                stats["models"].append(body.get("model", ""))
            items = [{"object": "embedding", "index": i, "embedding": vector(t, DIM)} for i, t in enumerate(inputs)]
            items.reverse()  # the index field, not the array order, says which input a vector belongs to
            self.reply(200, {"object": "list", "data": items, "model": body.get("model")})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """#
}
