import Foundation
import TestSupport
import Testing

/// `footnote mcp` as a piped client sees it: every request read before stdin closes is answered, in request
/// order; framing is linear and bounded; malformed messages get the JSON-RPC 2.0 error codes.
@Suite("footnote mcp stdio framing and JSON-RPC errors (the built executable)")
struct MCPStdioFramingTests {
    private static func request(_ id: Any, _ method: String, _ params: [String: Any]? = nil) -> Data {
        var object: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method]
        if let params { object["params"] = params }
        return PipedSession.line(object)
    }

    private static func search(_ id: Any, _ query: String) -> Data {
        request(id, "tools/call", ["name": "search", "arguments": ["query": query, "limit": 2]])
    }

    @Test("20 piped sessions closed right after the last request: every reply, in request order")
    func pipedSessionsGetEveryReplyInOrder() throws {
        let directory = try TemporaryDirectory()
        let index = try PipedSession.makeIndex(in: directory)
        let ids: [AnyHashable] = [1, 2, 3, "four", 5, 6]
        let script = PipedSession.handshake + Self.request(2, "tools/list") + Self.search(3, "checkpoint")
            + Self.request("four", "ping") + Self.search(5, "Falcon release") + Self.request(6, "tools/list")
        for round in 0..<20 {
            let session = try PipedSession.run(index: index, input: script)
            #expect(!session.timedOut && session.status == 0, "round \(round): status \(session.status)")
            let replies = session.replies
            #expect(replies.map(replyID) == ids, "round \(round): \(session.lines)")
            #expect(replies.allSatisfy { $0["result"] != nil }, "round \(round): \(session.lines)")
            guard replies.count == ids.count else { continue }
            #expect((replies[1]["result"] as? [String: Any])?["tools"] as? [Any] != nil)
            let hits = ((replies[2]["result"] as? [String: Any])?["structuredContent"] as? [String: Any])?["hits"] as? [Any]
            #expect(hits?.isEmpty == false, "round \(round): \(session.lines[2])")
            #expect("\(replies[4])".contains("falcon.md"))
        }
    }

    @Test("5 MB of garbage without a newline: a parse error (id null), then the next request is answered, fast")
    func garbageIsLinearAndBounded() throws {
        let directory = try TemporaryDirectory()
        let index = try PipedSession.makeIndex(in: directory)
        let garbage = Data(repeating: UInt8(ascii: "x"), count: 5_000_000) + Data([0x0A])
        let script = garbage + Self.request(7, "ping") + Data("{not json\n".utf8) + Self.request(8, "ping")
        let session = try PipedSession.run(index: index, input: script, timeout: 20)
        #expect(!session.timedOut)
        #expect(session.seconds < 10, "took \(session.seconds) s")
        let replies = session.replies
        #expect(replies.map(replyID) == [nil, 7, nil, 8], "\(session.lines)")
        #expect(replies.map(errorCode) == [-32700, nil, -32700, nil])
        #expect(replies.first.map { $0["id"] is NSNull } == true, "the id must be present and null")
    }

    @Test("an id that is an object, array, bool, fraction or null: -32600 with id null; later requests still answered")
    func invalidIDs() throws {
        let directory = try TemporaryDirectory()
        let index = try PipedSession.makeIndex(in: directory)
        let badIDs: [Any] = [["a": 1], [1], true, 1.5, NSNull()]
        let script = badIDs.map { Self.request($0, "ping") }.reduce(PipedSession.handshake, +) + Self.request(9, "ping")
        let session = try PipedSession.run(index: index, input: script)
        let replies = session.replies
        #expect(replies.map(replyID) == [1, nil, nil, nil, nil, nil, 9], "\(session.lines)")
        #expect(replies.map(errorCode) == [nil, -32600, -32600, -32600, -32600, -32600, nil])
        #expect(replies.dropFirst().prefix(5).allSatisfy { $0["id"] is NSNull }, "\(session.lines)")
    }

    @Test("JSON-RPC 2.0 error codes: invalid params -32602, unknown method -32601, invalid request -32600")
    func errorCodes() throws {
        let directory = try TemporaryDirectory()
        let index = try PipedSession.makeIndex(in: directory)
        let script = PipedSession.handshake
            + Self.request(10, "tools/call", ["name": "search", "arguments": ["checkpoint"]])  // arguments: an array
            + PipedSession.line(["jsonrpc": "2.0", "id": 11, "method": "tools/call", "params": [1, 2]])
            + Self.request(12, "tools/call", ["arguments": ["query": "x"]])  // no tool name
            + Self.request(13, "tools/launch")
            + PipedSession.line(["id": 14, "method": "ping"])  // no "jsonrpc": "2.0"
            + PipedSession.line(["jsonrpc": "2.0", "id": 15, "method": 42])
            + Data("[]\n42\n".utf8)
            + Self.request(16, "resources/list", ["cursor": "-5"])
            + Self.request(17, "tools/call", ["name": "search", "arguments": ["query": "checkpoint"]])
        let session = try PipedSession.run(index: index, input: script)
        let replies = session.replies
        #expect(replies.map(replyID) == [1, 10, 11, 12, 13, 14, 15, nil, nil, 16, 17], "\(session.lines)")
        #expect(replies.map(errorCode) == [nil, -32602, -32602, -32602, -32601, -32600, -32600, -32600, -32600, -32602, nil],
                "\(session.lines)")
    }

    @Test("a cancelled request's reply is skipped (or was already written); later replies and the exit are not held back")
    func cancellation() throws {
        let directory = try TemporaryDirectory()
        let index = try PipedSession.makeIndex(in: directory)
        let script = PipedSession.handshake + Self.search(30, "checkpoint")
            + PipedSession.line(["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": 30]])
            + Self.request(31, "ping")
            + PipedSession.line(["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": 99]])
        let session = try PipedSession.run(index: index, input: script, timeout: 15)
        #expect(!session.timedOut && session.status == 0)
        let ids = session.replies.map(replyID)
        let cancelledFirst: [AnyHashable?] = [1, 31]
        let answeredFirst: [AnyHashable?] = [1, 30, 31]
        #expect(ids == cancelledFirst || ids == answeredFirst, "\(session.lines)")
    }

    @Test("a batch is answered with one array in item order; an empty batch is an invalid request")
    func batch() throws {
        let directory = try TemporaryDirectory()
        let index = try PipedSession.makeIndex(in: directory)
        let items: [[String: Any]] = [
            ["jsonrpc": "2.0", "id": 21, "method": "tools/call", "params": ["name": "search", "arguments": ["query": "checkpoint"]]],
            ["jsonrpc": "2.0", "method": "notifications/progress"],
            ["jsonrpc": "2.0", "id": ["bad": true], "method": "ping"],
            ["jsonrpc": "2.0", "id": 22, "method": "ping"],
        ]
        var batch = try JSONSerialization.data(withJSONObject: items)
        batch.append(0x0A)
        let session = try PipedSession.run(index: index, input: PipedSession.handshake + batch + Self.request(23, "ping"))
        #expect(session.lines.count == 3, "\(session.lines)")
        let array = session.lines.dropFirst().first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [[String: Any]] }
        #expect(array?.map(replyID) == [21, nil, 22], "\(session.lines)")
        #expect(array?.map(errorCode) == [nil, -32600, nil])
        #expect(session.replies.last.flatMap(replyID) == AnyHashable(23))
    }
}
