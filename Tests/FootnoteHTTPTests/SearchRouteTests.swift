import Foundation
@testable import FootnoteHTTP
import Hummingbird
import Testing

@Suite("Search, cite and stats routes")
struct SearchRouteTests {
    @Test("GET /v1/search returns hits with the fields of `footnote search --json`")
    func searchByQueryString() async throws {
        let server = try TestServer(withTokens: false)
        let reply = try await server.send(.get, "/v1/search?q=write-ahead+log&limit=5")
        #expect(reply.status == .ok)
        let body = try reply.object()
        #expect(body["query"] as? String == "write-ahead log")
        #expect(body["mode"] as? String == "lexical")
        let hits = try #require(body["hits"] as? [[String: Any]])
        let first = try #require(hits.first)
        for field in ["path", "format", "title", "headingPath", "start", "end", "text", "snippet", "score", "citation", "chunkID", "documentID", "lineStart", "lineEnd"] {
            #expect(first[field] != nil, "missing \(field)")
        }
        #expect((first["path"] as? String)?.hasSuffix("public/wal.md") == true)
        #expect((first["snippet"] as? String)?.contains("[") == true)
        #expect(reply.headers[.requestID] != nil)
    }

    @Test("POST /v1/search takes filters, which apply before top-k")
    func searchByBody() async throws {
        let server = try TestServer(withTokens: false)
        let reply = try await server.sendJSON(.post, "/v1/search", [
            "query": "checkpoint", "limit": 1, "explain": true, "filters": ["paths": ["hr/*"], "formats": ["markdown"]],
        ])
        #expect(reply.status == .ok)
        let hits = try #require(try reply.object()["hits"] as? [[String: Any]])
        #expect(hits.count == 1)
        #expect((hits.first?["path"] as? String)?.hasSuffix("hr/salaries.md") == true)
        #expect(hits.first?["explanation"] != nil)
    }

    @Test("bad parameters are 400 with a JSON error naming the field")
    func badParameters() async throws {
        let server = try TestServer(withTokens: false)
        for path in ["/v1/search", "/v1/search?q=", "/v1/search?q=x&limit=0", "/v1/search?q=x&limit=abc",
                     "/v1/search?q=x&mode=psychic", "/v1/search?q=x&format=exe"] {
            let reply = try await server.send(.get, path)
            #expect(reply.status == .badRequest, "\(path)")
            let error = try reply.object()["error"] as? [String: Any]
            #expect(error?["code"] as? String == "bad_request", "\(path)")
            #expect(error?["requestId"] as? String != nil)
        }
        let malformed = try await server.send(.post, "/v1/search", headers: [.contentType: "application/json"], body: Data("{".utf8))
        #expect(malformed.status == .badRequest)
        let huge = Data(("{\"query\": \"" + String(repeating: "a", count: 2 << 20) + "\"}").utf8)
        let tooLarge = try await server.send(.post, "/v1/search", headers: [.contentType: "application/json"], body: huge)
        #expect(tooLarge.status == .contentTooLarge)
        #expect((try tooLarge.object()["error"] as? [String: Any])?["code"] as? String == "payload_too_large")
    }

    @Test("semantic search without a model is 422 model_unavailable, not a server error")
    func semanticWithoutModel() async throws {
        let server = try TestServer(withTokens: false)
        let reply = try await server.send(.get, "/v1/search?q=checkpoint&mode=semantic")
        #expect(reply.status == .unprocessableContent)
        #expect((try reply.object()["error"] as? [String: Any])?["code"] as? String == "model_unavailable")
    }

    @Test("GET /v1/cite/{id} resolves a hit's citation to its exact text")
    func cite() async throws {
        let server = try TestServer(withTokens: false)
        let hits = try #require(try await server.send(.get, "/v1/search?q=writer+commits").object()["hits"] as? [[String: Any]])
        let hit = try #require(hits.first)
        let citation = try #require(hit["citation"] as? String)
        let reply = try await server.send(.get, "/v1/cite/\(citation)?context=10")
        #expect(reply.status == .ok)
        let body = try reply.object()
        #expect(body["text"] as? String == hit["text"] as? String)
        #expect(body["drift"] as? String == "current")
        #expect((body["contextAfter"] as? String).map { $0.count <= 10 } == true)
        #expect(try await server.send(.get, "/v1/cite/\(citation.replacingOccurrences(of: ":", with: "%3A"))").status == .ok)
        #expect(try await server.send(.get, "/v1/cite/not-a-citation").status == .badRequest)
        #expect(try await server.send(.get, "/v1/cite/fn:000000000000:0-5").status == .notFound)
    }

    @Test("stats, healthz, metrics and unknown routes")
    func systemRoutes() async throws {
        let server = try TestServer(withTokens: false)
        let stats = try await server.send(.get, "/v1/stats").object()
        #expect(stats["documents"] as? Int == 3)
        #expect(stats["scope"] as? String == "index")
        #expect(try await server.send(.get, "/healthz").object()["status"] as? String == "ok")
        _ = try await server.send(.get, "/v1/search?q=log")
        let metrics = try await server.send(.get, "/metrics")
        #expect(metrics.status == .ok)
        #expect(metrics.text.contains("footnote_http_requests_total{route=\"/v1/search\",method=\"GET\",status=\"200\"} 1"))
        #expect(metrics.text.contains("footnote_http_request_duration_seconds_bucket"))
        #expect(metrics.text.contains("footnote_index_documents 3"))
        let missing = try await server.send(.get, "/v1/nothing-here")
        #expect(missing.status == .notFound)
        #expect((try missing.object()["error"] as? [String: Any])?["code"] as? String == "not_found")
    }

    @Test("the page at / is self-contained HTML")
    func page() async throws {
        let server = try TestServer(withTokens: false)
        let reply = try await server.send(.get, "/")
        #expect(reply.status == .ok)
        #expect(reply.headers[.contentType]?.hasPrefix("text/html") == true)
        #expect(!reply.text.contains("http://") && !reply.text.contains("https://"))
    }
}
