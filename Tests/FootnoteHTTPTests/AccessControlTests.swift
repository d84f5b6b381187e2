import Foundation
@testable import FootnoteHTTP
import Hummingbird
import TestSupport
import Testing

@Suite("Access control: tokens, principals and groups")
struct AccessControlTests {
    private func paths(_ reply: TestServer.Reply) throws -> [String] {
        let hits = try #require(try reply.object()["hits"] as? [[String: Any]])
        return hits.compactMap { ($0["path"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }.sorted()
    }

    @Test("two principals over the same index see only their groups' documents, before top-k")
    func twoPrincipals() async throws {
        let server = try TestServer()
        let alice = try await server.send(.get, "/v1/search?q=checkpoint+Falcon&limit=10", token: TestServer.Token.alice)
        let bob = try await server.send(.get, "/v1/search?q=checkpoint+Falcon&limit=10", token: TestServer.Token.bob)
        let admin = try await server.send(.get, "/v1/search?q=checkpoint+Falcon&limit=10", token: TestServer.Token.admin)
        let guest = try await server.send(.get, "/v1/search?q=checkpoint+Falcon&limit=10", token: TestServer.Token.guest)
        #expect(try paths(alice) == ["roadmap.md", "wal.md"])
        #expect(try paths(bob) == ["salaries.md", "wal.md"])
        #expect(try paths(admin) == ["roadmap.md", "salaries.md", "wal.md"])
        #expect(try paths(guest) == ["wal.md"])
        // limit 1: the hidden best match must not starve the visible one.
        let top = try await server.send(.get, "/v1/search?q=Falcon+salary+bands&limit=1", token: TestServer.Token.alice)
        #expect(try paths(top) == ["roadmap.md"])
    }

    @Test("citations, listings, documents and stats of hidden documents are not found")
    func hiddenEverywhere() async throws {
        let server = try TestServer()
        let bobHits = try await server.send(.get, "/v1/search?q=salary+bands", token: TestServer.Token.bob).object()["hits"] as? [[String: Any]]
        let secret = try #require(bobHits?.first)
        let citation = try #require(secret["citation"] as? String)
        let documentID = try #require(secret["documentID"] as? Int)
        #expect(try await server.send(.get, "/v1/cite/\(citation)", token: TestServer.Token.bob).status == .ok)
        #expect(try await server.send(.get, "/v1/cite/\(citation)", token: TestServer.Token.alice).status == .notFound)
        #expect(try await server.send(.get, "/v1/documents/\(documentID)", token: TestServer.Token.alice).status == .notFound)
        #expect(try await server.send(.get, "/v1/documents/\(documentID)", token: TestServer.Token.bob).status == .ok)
        let listing = try await server.send(.get, "/v1/documents", token: TestServer.Token.alice).object()
        #expect(listing["total"] as? Int == 2)
        let stats = try await server.send(.get, "/v1/stats", token: TestServer.Token.alice).object()
        #expect(stats["documents"] as? Int == 2)
        #expect(stats["scope"] as? String == "visible")
    }

    @Test("missing or unknown tokens are 401 with WWW-Authenticate; public routes stay open")
    func tokensRequired() async throws {
        let server = try TestServer()
        let missing = try await server.send(.get, "/v1/search?q=log")
        #expect(missing.status == .unauthorized)
        #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        #expect(try await server.send(.get, "/v1/search?q=log", token: "wrong").status == .unauthorized)
        #expect(try await server.send(.get, "/metrics").status == .unauthorized)
        #expect(try await server.send(.get, "/healthz").status == .ok)
        #expect(try await server.send(.get, "/openapi.json").status == .ok)
        #expect(try await server.send(.get, "/").status == .ok)
    }

    @Test("/metrics shows index-wide figures (documents, chunks, bytes, ingest outcomes) to the owner only")
    func metricsScope() async throws {
        let server = try TestServer()
        #expect(try await server.upload([("m.md", "# M\n\nzqxmetrics\n")], token: TestServer.Token.alice).status == .created)
        let admin = try await server.send(.get, "/metrics", token: TestServer.Token.admin).text
        for name in ["footnote_index_documents", "footnote_index_chunks", "footnote_index_bytes", "footnote_ingest_files_total"] {
            #expect(admin.contains(name), "the owner misses \(name)")
        }
        for token in [TestServer.Token.alice, TestServer.Token.bob, TestServer.Token.guest] {
            let reply = try await server.send(.get, "/metrics", token: token)
            #expect(reply.status == .ok)
            #expect(reply.text.contains("footnote_http_requests_total"))
            #expect(!reply.text.contains("footnote_index") && !reply.text.contains("footnote_ingest"), "\(token) sees index figures")
        }
    }

    @Test("a non-loopback address without tokens is refused with a clear message")
    func refusesOpenBind() throws {
        let open = ServiceConfiguration(host: "0.0.0.0", port: 8080, uploadsDirectory: URL(fileURLWithPath: "/tmp/x"))
        #expect(throws: ServiceError.self) { try open.validate() }
        #expect((try? ServiceConfiguration(host: "127.0.0.1", uploadsDirectory: URL(fileURLWithPath: "/tmp/x")).validate()) != nil)
        var tokens = TokenRegistry.empty
        try tokens.add(sha256: String(repeating: "a", count: 64), principal: .owner)
        #expect((try? ServiceConfiguration(host: "0.0.0.0", tokens: tokens, uploadsDirectory: URL(fileURLWithPath: "/tmp/x")).validate()) != nil)
    }

    @Test("tokens load from the JSON file and FOOTNOTE_TOKENS as digests only")
    func tokenSources() throws {
        let digest = SHA256Hex.of("s3cret")
        let fromEnvironment = try TokenRegistry.parse(environmentValue: "alice:eng,ops:\(digest):write; root:*:\(SHA256Hex.of("root"))")
        #expect(fromEnvironment.principal(forToken: "s3cret") == Principal(name: "alice", groups: ["eng", "ops"], canWrite: true))
        #expect(fromEnvironment.principal(forToken: "root")?.isOwner == true)
        #expect(fromEnvironment.principal(forToken: digest) == nil)
        #expect(throws: ServiceError.self) { try TokenRegistry.parse(environmentValue: "alice:eng:not-a-digest") }
        let directory = try TemporaryDirectory(prefix: "footnote-tokens")
        let file = directory.url.appendingPathComponent("tokens.json")
        try Data("""
            {"tokens": [{"principal": "bob", "groups": ["hr"], "sha256": "\(digest.uppercased())"}]}
            """.utf8).write(to: file)
        let fromFile = try TokenRegistry.load(file: file)
        #expect(fromFile.principal(forToken: "s3cret") == Principal(name: "bob", groups: ["hr"], canWrite: false))
    }
}
