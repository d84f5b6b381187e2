import Foundation
@testable import FootnoteHTTP
import Hummingbird
import Testing

/// DNS rebinding and cross-site requests, over real connections to a server on 127.0.0.1.
@Suite("Host and origin checks (live server)")
struct HostOriginTests {
    private func code(_ reply: TestServer.Reply) -> String? {
        (try? reply.object()["error"] as? [String: Any])?["code"] as? String
    }

    @Test("a foreign Host is 421 on every path (the rebinding request of the review), no Host is 400, own names pass")
    func hostHeader() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let rebinding = try await live.send("GET", "/v1/search?q=salary+bands", host: .value("evil.example"))
            #expect(rebinding.status.code == 421, "\(rebinding.text)")
            #expect(code(rebinding) == "misdirected_request")
            #expect(!rebinding.text.contains("salary bands"))
            let other = live.port == 65535 ? 1 : live.port + 1
            for foreign in ["evil.example:\(live.port)", "127.evil.example:\(live.port)", "localhost:\(other)", "127.0.0.1",
                            "127.0.0.2:\(live.port)", "[::2]:\(live.port)"] {
                for path in ["/v1/search?q=checkpoint", "/", "/healthz", "/no-such-route"] {
                    let reply = try await live.send("GET", path, host: .value(foreign))
                    #expect(reply.status.code == 421 && code(reply) == "misdirected_request", "\(foreign) \(path): \(reply.status)")
                }
            }
            let missing = try await live.send("GET", "/v1/search?q=checkpoint", host: .none)
            #expect(missing.status == .badRequest && code(missing) == "bad_request", "\(missing.status) \(missing.text)")
            let twice = try await live.send("GET", "/healthz", headers: [("Host", "evil.example")])
            #expect(twice.status == .badRequest, "a second Host header: \(twice.status)")
            for own in ["127.0.0.1:\(live.port)", "localhost:\(live.port)", "LocalHost:\(live.port)", "[::1]:\(live.port)"] {
                let reply = try await live.send("GET", "/v1/search?q=checkpoint", host: .value(own))
                #expect(reply.status == .ok, "\(own): \(reply.status) \(reply.text)")
            }
        }
    }

    @Test("names given with --allowed-host pass: NAME with any port, NAME:PORT with that port only")
    func allowedHosts() async throws {
        let server = try TestServer(withTokens: false, allowedHosts: ["Footnote.example", "proxy.example:8443"])
        try await LiveServer.run(server) { live in
            for (host, allowed) in [("footnote.example", true), ("footnote.example:9999", true), ("proxy.example:8443", true),
                                    ("proxy.example", false), ("proxy.example:8444", false), ("other.example", false)] {
                let reply = try await live.send("GET", "/healthz", host: .value(host))
                #expect((reply.status == .ok) == allowed, "\(host): \(reply.status)")
            }
        }
    }

    @Test("state-changing requests from another origin are 403, with or without tokens; same-origin pages and curl pass")
    func crossOriginWrites() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let foreign = "http://127.0.0.1:\(live.port == 65535 ? 1 : live.port + 1)"
            let refusals: [[(String, String)]] = [
                [("Origin", foreign)], [("Origin", "null")], [("Origin", "http://evil.example")],
                [("Sec-Fetch-Site", "same-site"), ("Origin", foreign)], [("Sec-Fetch-Site", "cross-site")],
                [("Sec-Fetch-Site", "same-site"), ("Origin", live.base)],
            ]
            for headers in refusals {
                let reply = try await live.upload([("planted.md", Data("# Planted\n\nzqxplanted\n".utf8))], headers: headers)
                #expect(reply.status == .forbidden && code(reply) == "cross_origin", "\(headers): \(reply.status)")
                #expect(reply.text.contains("another site") || reply.text.contains("origin"), "the message says why: \(reply.text)")
            }
            #expect(live.storedUploads().isEmpty, "a refused upload left \(live.storedUploads())")
            let ask = try await live.send("POST", "/v1/ask", headers: [("Content-Type", "application/json"), ("Sec-Fetch-Site", "cross-site")],
                                          body: Data(#"{"question": "What does a checkpoint move?"}"#.utf8))
            #expect(ask.status == .forbidden)
            let document = try #require(try live.server.service.pool.writer.store.documents().first)
            let delete = try await live.send("DELETE", "/v1/documents/\(document.id)", headers: [("Origin", foreign)])
            #expect(delete.status == .forbidden && code(delete) == "cross_origin")
            #expect(try live.server.service.pool.writer.store.document(id: document.id) != nil)

            let samePage = try await live.upload([("page.md", Data("# Page\n\nzqxpage upload\n".utf8))],
                                                 headers: [("Sec-Fetch-Site", "same-origin"), ("Origin", live.base)])
            #expect(samePage.status == .created, "\(samePage.text)")
            let ownOrigin = try await live.upload([("origin.md", Data("# Origin\n\nzqxorigin upload\n".utf8))],
                                                  headers: [("Origin", "http://localhost:\(live.port)")], host: "localhost:\(live.port)")
            #expect(ownOrigin.status == .created, "\(ownOrigin.text)")
            let curl = try await live.upload([("curl.md", Data("# Curl\n\nzqxcurl upload\n".utf8))])
            #expect(curl.status == .created, "\(curl.text)")
        }
        // With tokens the rule is the same: a token does not make a cross-site form legitimate.
        try await LiveServer.run(try TestServer()) { live in
            let reply = try await live.upload([("a.md", Data("# A\n\ntext\n".utf8))],
                                              headers: [("Authorization", "Bearer \(TestServer.Token.admin)"), ("Sec-Fetch-Site", "cross-site")])
            #expect(reply.status == .forbidden && code(reply) == "cross_origin")
        }
    }

    @Test("without tokens, API reads from other sites are 403 and no response carries a CORS header")
    func crossOriginReads() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            let foreign = "http://127.0.0.1:\(live.port == 65535 ? 1 : live.port + 1)"
            let cases: [(String, [(String, String)], Bool)] = [
                ("/v1/search?q=salary+bands", [("Sec-Fetch-Site", "same-site")], false),
                ("/v1/search?q=salary+bands", [("Sec-Fetch-Site", "cross-site")], false),
                ("/v1/search?q=salary+bands", [("Origin", foreign)], false),
                ("//v1/search?q=salary+bands", [("Sec-Fetch-Site", "cross-site")], false),
                ("/v1/documents", [("Sec-Fetch-Site", "cross-site")], false),
                ("/metrics", [("Sec-Fetch-Site", "same-site")], false),
                ("/v1/search?q=salary+bands", [("Sec-Fetch-Site", "same-origin")], true),
                ("/v1/search?q=salary+bands", [("Sec-Fetch-Site", "none")], true),
                ("/v1/search?q=salary+bands", [], true),
                ("/?q=checkpoint", [("Sec-Fetch-Site", "cross-site")], true),  // a link to the page still opens it
            ]
            for (path, headers, allowed) in cases {
                let reply = try await live.send("GET", path, headers: headers)
                #expect((reply.status == .ok) == allowed, "\(path) \(headers): \(reply.status)")
                if !allowed {
                    #expect(code(reply) == "cross_origin" || reply.status == .notFound, "\(path): \(reply.text)")
                    #expect(!reply.text.contains("salary bands"))
                }
            }
            for (method, path) in [("GET", "/v1/search?q=checkpoint"), ("OPTIONS", "/v1/documents"), ("GET", "/"), ("POST", "/v1/search")] {
                let reply = try await live.send(method, path, headers: [("Origin", foreign), ("Access-Control-Request-Method", "DELETE")])
                let cors = reply.headers.filter { $0.name.rawName.lowercased().hasPrefix("access-control-") }
                #expect(cors.isEmpty, "\(method) \(path) sent \(cors)")
            }
        }
        // With tokens a page cannot make the browser send the bearer token, so reads are left to authentication.
        try await LiveServer.run(try TestServer()) { live in
            let reply = try await live.send("GET", "/v1/search?q=checkpoint",
                                            headers: [("Authorization", "Bearer \(TestServer.Token.admin)"), ("Sec-Fetch-Site", "cross-site")])
            #expect(reply.status == .ok)
        }
    }
}
