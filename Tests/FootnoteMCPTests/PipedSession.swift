import Foundation
import TestSupport

/// One `footnote mcp` run with a script piped to stdin and stdin closed right after it, the way a client
/// that writes its requests and hangs up does; stdout is collected until the process exits.
struct PipedSession: Sendable {
    /// The reply lines in the order they were written.
    let lines: [String]
    /// Wall-clock seconds from start to exit (or to the kill at the deadline).
    let seconds: Double
    /// True when the process had to be killed at the deadline.
    let timedOut: Bool
    let status: Int32

    /// The reply lines as JSON objects (a line that is not one becomes an empty object).
    var replies: [[String: Any]] {
        lines.map { line in (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:] }
    }

    /// Runs `footnote mcp --index <index>` on `input`, killing it after `timeout` seconds.
    static func run(index: String, input: Data, timeout: Double = 30) throws -> PipedSession {
        signal(SIGPIPE, SIG_IGN)  // a write to a killed server must fail, not end the test process
        guard let url = FootnoteBinary.url else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = url
        process.arguments = ["mcp", "--index", index]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let writer = stdin.fileHandleForWriting
        DispatchQueue.global().async {
            try? writer.write(contentsOf: input)
            try? writer.close()
        }
        let collected = OutputBox()
        let finished = DispatchSemaphore(value: 0)
        let reader = stdout.fileHandleForReading
        DispatchQueue.global().async {
            collected.set(reader.readDataToEndOfFile())
            finished.signal()
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)  // SIGTERM may be blocked in a child of the test runner
            finished.wait()
        }
        process.waitUntilExit()
        let text = String(decoding: collected.get(), as: UTF8.self)
        return PipedSession(lines: text.split(separator: "\n").map(String.init), seconds: Date().timeIntervalSince(started),
                            timedOut: timedOut, status: process.terminationStatus)
    }

    /// One JSON-RPC message as a line.
    static func line(_ object: [String: Any]) -> Data {
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        data.append(0x0A)
        return data
    }

    /// `initialize` (id 1) and the `initialized` notification.
    static var handshake: Data {
        line(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [
            "protocolVersion": "2025-06-18", "capabilities": [String: Any](), "clientInfo": ["name": "piped-test", "version": "1"],
        ]]) + line(["jsonrpc": "2.0", "method": "notifications/initialized"])
    }

    /// An index of two small markdown files built with `footnote add`; returns its path.
    static func makeIndex(in directory: TemporaryDirectory) throws -> String {
        try directory.write("docs/wal.md", "# WAL\n\nA checkpoint copies pages from the write-ahead log into the database file.\n")
        try directory.write("docs/falcon.md", "# Falcon\n\nThe Falcon release ships every second Tuesday after the checkpoint review.\n")
        let index = directory.url.appendingPathComponent("i.sqlite").path
        let added = try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--no-embed", "-q"])
        guard added.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: added.stderr]) }
        return index
    }
}

/// Bytes handed from the reading thread to the waiting test.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// The JSON-RPC `id` of a reply: an Int, a String, or nil for `null` (NSNull) and a missing id.
func replyID(_ reply: [String: Any]) -> AnyHashable? {
    if let number = reply["id"] as? Int { return number }
    if let text = reply["id"] as? String { return text }
    return nil
}

/// The JSON-RPC error code of a reply, if it is an error.
func errorCode(_ reply: [String: Any]) -> Int? {
    (reply["error"] as? [String: Any])?["code"] as? Int
}
