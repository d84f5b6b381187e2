import Foundation
import TestSupport
import Testing

@Suite("footnote mcp over stdio (the built executable)")
struct MCPStdioTests {
    /// One JSON-RPC line out, one line back.
    private final class Session {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffer = Data()

        /// Starts the built `footnote` with its stdin and stdout on pipes (stderr is left to the test log).
        init(arguments: [String]) throws {
            guard let url = FootnoteBinary.url else { throw CocoaError(.fileNoSuchFile) }
            process.executableURL = url
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func send(_ object: [String: Any]) throws {
            var data = try JSONSerialization.data(withJSONObject: object)
            data.append(0x0A)
            try input.fileHandleForWriting.write(contentsOf: data)
        }

        func receive() throws -> [String: Any] {
            let handle = output.fileHandleForReading
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[(newline + 1)...])
                    return (try JSONSerialization.jsonObject(with: line) as? [String: Any]) ?? [:]
                }
                let chunk = handle.availableData
                guard !chunk.isEmpty else { throw CocoaError(.fileReadUnknown) }
                buffer.append(chunk)
            }
        }

        func call(_ id: Int, _ method: String, _ params: [String: Any]) throws -> [String: Any] {
            try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
            let reply = try receive()
            #expect(reply["id"] as? Int == id)
            return (reply["result"] as? [String: Any]) ?? [:]
        }
    }

    @Test("initialize → tools/list → tools/call search → tools/call cite, stdout carries only JSON-RPC")
    func session() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/wal.md", "# WAL\n\nA checkpoint copies pages from the write-ahead log into the database file.\n")
        let index = directory.url.appendingPathComponent("i.sqlite").path
        let added = try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--no-embed", "-q"])
        #expect(added.status == 0, "\(added.stderr)")
        let session = try Session(arguments: ["mcp", "--index", index])
        defer { if session.process.isRunning { session.process.terminate() } }

        let initialized = try session.call(1, "initialize", [
            "protocolVersion": "2025-06-18", "capabilities": [String: Any](), "clientInfo": ["name": "stdio-test", "version": "1"],
        ])
        #expect((initialized["serverInfo"] as? [String: Any])?["name"] as? String == "footnote")
        try session.send(["jsonrpc": "2.0", "method": "notifications/initialized"])
        let tools = try session.call(2, "tools/list", [:])["tools"] as? [[String: Any]]
        #expect(tools?.compactMap { $0["name"] as? String } == ["search", "ask", "cite", "get_document"])
        let search = try session.call(3, "tools/call", ["name": "search", "arguments": ["query": "checkpoint", "limit": 3]])
        let hits = try #require((search["structuredContent"] as? [String: Any])?["hits"] as? [[String: Any]])
        let citation = try #require(hits.first?["citation"] as? String)
        let cite = try session.call(4, "tools/call", ["name": "cite", "arguments": ["citation": citation, "context": 0]])
        let view = try #require(cite["structuredContent"] as? [String: Any])
        #expect(view["sourceText"] as? String == hits.first?["sourceText"] as? String)
        #expect(view["drift"] as? String == "current")

        try session.input.fileHandleForWriting.close()
        session.process.waitUntilExit()
        #expect(session.process.terminationStatus == 0)
    }
}
