import Foundation
@testable import FootnoteHTTP
import HTTPTypes
import Hummingbird
import Testing

@Suite("OpenAPI document matches the routes")
struct OpenAPIConformanceTests {
    @Test("every response of every documented operation validates against /openapi.json")
    func responsesConform() async throws {
        let server = try TestServer()
        let spec = try await server.send(.get, "/openapi.json")
        #expect(spec.status == .ok)
        let validator = try OpenAPIValidator(json: spec.body)
        let admin = TestServer.Token.admin
        var exercised = Set<String>()

        func check(_ method: HTTPRequest.Method, _ path: String, _ reply: TestServer.Reply) throws {
            let status = reply.status.code
            let schema = validator.responseSchema(path: path.components(separatedBy: "?")[0], method: method.rawValue, status: status)
            #expect(schema != nil, "\(method) \(path) → \(status) is not documented")
            if let schema, reply.headers[.contentType]?.contains("json") == true {
                let problems = validator.problems(try reply.json(), schema: schema)
                #expect(problems.isEmpty, "\(method) \(path) → \(status): \(problems)")
            }
            if let template = validator.template(for: path.components(separatedBy: "?")[0]) {
                exercised.insert("\(method.rawValue) \(template)")
            }
        }

        let search = try await server.send(.get, "/v1/search?q=checkpoint&explain=true", token: admin)
        try check(.get, "/v1/search?q=checkpoint&explain=true", search)
        try check(.get, "/v1/search?q=", try await server.send(.get, "/v1/search?q=", token: admin))
        try check(.get, "/v1/search?q=x", try await server.send(.get, "/v1/search?q=x"))
        try check(.post, "/v1/search", try await server.sendJSON(.post, "/v1/search", token: admin, ["query": "falcon", "limit": 2]))
        let hits = try #require(try search.object()["hits"] as? [[String: Any]])
        let citation = try #require(hits.first?["citation"] as? String)
        let documentID = try #require(hits.first?["documentID"] as? Int)
        try check(.get, "/v1/cite/\(citation)", try await server.send(.get, "/v1/cite/\(citation)", token: admin))
        try check(.get, "/v1/cite/fn:abcdefabcdef:0-1", try await server.send(.get, "/v1/cite/fn:abcdefabcdef:0-1", token: admin))
        try check(.get, "/v1/documents", try await server.send(.get, "/v1/documents", token: admin))
        try check(.get, "/v1/documents/\(documentID)", try await server.send(.get, "/v1/documents/\(documentID)", token: admin))
        try check(.get, "/v1/documents/424242", try await server.send(.get, "/v1/documents/424242", token: admin))
        let upload = try await server.upload([("otter.md", "# Otter\n\nOtters hold hands while sleeping.\n")], token: TestServer.Token.alice)
        try check(.post, "/v1/documents", upload)
        try check(.post, "/v1/documents", try await server.upload([("x.md", "# X\n\ny\n")], token: TestServer.Token.bob))
        let uploadedID = try #require((try upload.object()["documents"] as? [[String: Any]])?.first?["id"] as? Int)
        try check(.delete, "/v1/documents/\(uploadedID)", try await server.send(.delete, "/v1/documents/\(uploadedID)", token: admin))
        try check(.get, "/v1/stats", try await server.send(.get, "/v1/stats", token: admin))
        try check(.get, "/v1/stats", try await server.send(.get, "/v1/stats", token: TestServer.Token.bob))
        try check(.get, "/healthz", try await server.send(.get, "/healthz"))
        try check(.get, "/metrics", try await server.send(.get, "/metrics", token: admin))
        try check(.get, "/openapi.json", spec)
        try check(.post, "/v1/ask", try await server.sendJSON(.post, "/v1/ask", token: admin, ["question": "What is a checkpoint?"]))
        let crossSite = try await server.send(.post, "/v1/ask", token: admin, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site",
                                              .contentType: "application/json"], body: Data(#"{"question": "x"}"#.utf8))
        #expect(crossSite.status == .forbidden)
        try check(.post, "/v1/ask", crossSite)
        let form = TestServer.multipart([("partial.md", Data("# Partial\n\nzqxpartial\n".utf8)), ("broken.docx", UploadSafetyTests.corruptDOCX)])
        let partial = try await server.send(.post, "/v1/documents", token: admin, headers: [.contentType: form.contentType], body: form.body)
        #expect(try partial.status == .created && (partial.object()["failed"] as? [Any])?.count == 1, "\(partial.text)")
        try check(.post, "/v1/documents", partial)

        let documented = Set(((try spec.object()["paths"] as? [String: Any]) ?? [:]).flatMap { path, operations in
            ((operations as? [String: Any]) ?? [:]).keys.filter { $0 != "parameters" }.map { "\($0.uppercased()) \(path)" }
        })
        #expect(documented.subtracting(exercised).isEmpty, "documented but not exercised: \(documented.subtracting(exercised))")
    }

    @Test("the validator itself rejects wrong types, missing fields and undocumented properties")
    func validatorRejects() async throws {
        let server = try TestServer(withTokens: false)
        let validator = try OpenAPIValidator(json: try await server.send(.get, "/openapi.json").body)
        let schema = try #require(validator.responseSchema(path: "/v1/search", method: "GET", status: 200))
        #expect(!validator.problems(["query": "x", "mode": "lexical", "hits": "none"], schema: schema).isEmpty)
        #expect(!validator.problems(["query": "x", "hits": []], schema: schema).isEmpty)
        #expect(!validator.problems(["query": "x", "mode": "lexical", "hits": [], "extra": 1], schema: schema).isEmpty)
        #expect(!validator.problems(["query": 1, "mode": "lexical", "hits": []], schema: schema).isEmpty)
        #expect(!validator.problems(["query": "x", "mode": "psychic", "hits": []], schema: schema).isEmpty)
        #expect(validator.problems(["query": "x", "mode": "lexical", "hits": []], schema: schema).isEmpty)
        let stats = try #require(validator.responseSchema(path: "/v1/stats", method: "GET", status: 200))
        #expect(!validator.problems(["scope": "index", "documents": true, "chunks": 1, "documentsByFormat": [:], "chunksByFormat": [:]] as [String: Any], schema: stats).isEmpty)
    }
}
