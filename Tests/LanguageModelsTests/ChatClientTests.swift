import Foundation
import FootnoteCore
import LanguageModels
import Testing
import TestSupport

/// A thread-safe piece collector for streamed tokens.
final class Pieces: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ piece: String) { lock.withLock { items.append(piece) } }
    var all: [String] { lock.withLock { items } }
}

@Suite("OpenAI-compatible chat client against a scripted server")
struct ChatClientTests {
    static let completion = #"{"model":"m1","choices":[{"message":{"role":"assistant","content":"Paris [1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":4}}"#

    static func sse(_ pieces: [String]) -> [String] {
        pieces.map { piece in
            let escaped = String(decoding: try! JSONEncoder().encode(piece), as: UTF8.self)
            return "data: {\"model\":\"m1\",\"choices\":[{\"delta\":{\"content\":\(escaped)}}]}\n\n"
        } + ["data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n", "data: [DONE]\n\n"]
    }

    func client(_ server: FakeChatServer, retries: Int = 2) throws -> OpenAICompatibleClient {
        var endpoint = try ChatEndpoint(baseURLString: server.baseURL, model: "m1", apiKey: "k", timeout: 5, maxRetries: retries)
        endpoint.initialBackoff = 0.05
        return OpenAICompatibleClient(endpoint: endpoint)
    }

    let request = ChatRequest(messages: [ChatMessage(role: "user", content: "Capital of France?")])

    /// The language-model error `request` fails with at `endpoint` (short backoff); any other outcome fails the test.
    func failure(of endpoint: ChatEndpoint) async throws -> LanguageModelError {
        struct Answered: Error {}
        var endpoint = endpoint
        endpoint.initialBackoff = 0.01
        do {
            let answer = try await OpenAICompatibleClient(endpoint: endpoint).complete(request, onToken: nil)
            Issue.record("expected an error, got the answer \(answer.text)")
        } catch let error as LanguageModelError {
            return error
        }
        throw Answered()
    }

    @Test("a plain completion is decoded with its model name, finish reason and usage")
    func plainCompletion() async throws {
        let server = try FakeChatServer(replies: [.init(status: 200, pieces: [Self.completion])])
        let answer = try await client(server).complete(request, onToken: nil)
        #expect(answer.text == "Paris [1].")
        #expect(answer.model == "m1")
        #expect(answer.finishReason == "stop")
        #expect(answer.promptTokens == 12)
    }

    @Test("streamed events arrive piece by piece, split across network writes, and add up to the text")
    func streaming() async throws {
        let events = Self.sse(["Par", "is", " [1]", "."])
        // Cut the byte stream mid-event, so the SSE parser must reassemble lines.
        let joined = events.joined()
        let cut = joined.index(joined.startIndex, offsetBy: 37)
        let server = try FakeChatServer(replies: [.init(status: 200, contentType: "text/event-stream", pieces: [String(joined[..<cut]), String(joined[cut...])])])
        let pieces = Pieces()
        let answer = try await client(server).complete(request) { pieces.append($0) }
        #expect(pieces.all == ["Par", "is", " [1]", "."])
        #expect(answer.text == "Paris [1].")
        #expect(answer.finishReason == "stop")
    }

    @Test("HTTP 503 twice, then success: retried with backoff")
    func retriesServerErrors() async throws {
        let server = try FakeChatServer(replies: [
            .init(status: 503, pieces: ["busy"]), .init(status: 503, pieces: ["busy"]), .init(status: 200, pieces: [Self.completion]),
        ])
        let answer = try await client(server, retries: 2).complete(request, onToken: nil)
        #expect(answer.text == "Paris [1].")
    }

    @Test("HTTP 401 is not retried and names the API key")
    func unauthorized() async throws {
        let server = try FakeChatServer(replies: [.init(status: 401, pieces: ["{\"error\":\"bad key\"}"]), .init(status: 200, pieces: [Self.completion])])
        await #expect(throws: LanguageModelError.self) { _ = try await client(server).complete(request, onToken: nil) }
        do {
            _ = try await client(server).complete(request, onToken: nil)
        } catch let error as LanguageModelError {
            // The second client's first request gets the scripted 200 only if the first was not retried.
            Issue.record("expected success on the second call, got \(error)")
        }
    }

    @Test("a refused connection fails after the retries with an error that says how to start a model")
    func unreachable() async throws {
        // Port 9 (discard) on localhost is closed on these machines.
        let error = try await failure(of: try ChatEndpoint(baseURLString: "http://127.0.0.1:9/v1", model: "m", timeout: 2, maxRetries: 1))
        guard case .unreachable = error else { Issue.record("expected unreachable, got \(error)"); return }
        #expect(error.description.contains("make llm"))
        #expect(error.description.contains("127.0.0.1:9"))
        // No wall-clock bound: while long synchronous tests hold both threads of Swift's cooperative
        // pool, resuming this test can wait a minute (it once took 61.7 s on a 2-core machine).
    }

    @Test("a server that accepts but never answers is given up on after the timeout, as a timeout")
    func silentServer() async throws {
        let server = try FakeChatServer(replies: [.init(status: 0, pieces: [])])
        let error = try await failure(of: try ChatEndpoint(baseURLString: server.baseURL, model: "m", timeout: 1, maxRetries: 0))
        // The outcome is the proof: had the client waited for the server, the connection would have
        // closed after 30 s without a reply (reported as unreachable, not as a timeout). No wall-clock
        // bound, for the reason given in `unreachable()`.
        guard case .timedOut = error else { Issue.record("expected timedOut, got \(error)"); return }
    }

    @Test("a 200 that is not a completion is reported, not returned as an empty answer")
    func invalidBody() async throws {
        let server = try FakeChatServer(replies: [.init(status: 200, pieces: ["<html>hello</html>"])])
        await #expect(throws: LanguageModelError.self) { _ = try await client(server).complete(request, onToken: nil) }
    }

    @Test("base URLs: a bare host gets /v1, a full path is kept, other schemes are rejected")
    func endpoints() throws {
        #expect(try ChatEndpoint(baseURLString: "http://127.0.0.1:11434", model: "m").chatCompletionsURL.absoluteString
            == "http://127.0.0.1:11434/v1/chat/completions")
        #expect(try ChatEndpoint(baseURLString: "https://api.openai.com/v1/", model: "m").chatCompletionsURL.absoluteString
            == "https://api.openai.com/v1/chat/completions")
        #expect(throws: LanguageModelError.self) { try ChatEndpoint(baseURLString: "ftp://x", model: "m") }
        #expect(throws: LanguageModelError.self) { try ChatEndpoint(baseURLString: "http://x/v1", model: " ") }
    }
}

@Suite("Server-sent events")
struct ServerSentEventTests {
    @Test("events split at any byte, comments, CRLF and multi-line data")
    func parser() {
        let stream = ": keep-alive\r\ndata: one\r\n\r\ndata: two\ndata: lines\n\ndata: [DONE]\n\n"
        let bytes = Array(stream.utf8)
        for cut in 0..<bytes.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events == ["one", "two\nlines", "[DONE]"], "cut at \(cut)")
        }
    }

    @Test("a last event without a blank line is delivered by finish()")
    func unterminated() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: tail".utf8)).isEmpty)
        #expect(parser.finish() == "tail")
    }
}
