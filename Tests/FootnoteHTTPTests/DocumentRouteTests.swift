import Foundation
@testable import FootnoteHTTP
import Hummingbird
import Testing

@Suite("Document routes: list, upload, get, delete")
struct DocumentRouteTests {
    @Test("an upload is ingested with the caller's groups and becomes searchable for them only")
    func uploadWithGroups() async throws {
        let server = try TestServer()
        let reply = try await server.upload([("pelican.md", "# Pelican\n\nThe pelican migration plan for the zeppelin hangar.\n")],
                                            token: TestServer.Token.alice)
        #expect(reply.status == .created, "\(reply.text)")
        let documents = try #require(try reply.object()["documents"] as? [[String: Any]])
        #expect(documents.first?["accessGroups"] as? [String] == ["engineering"])
        let path = try #require(documents.first?["path"] as? String)
        #expect(path.hasPrefix(server.service.uploadsDirectory.path + "/"))
        let alice = try await server.send(.get, "/v1/search?q=zeppelin", token: TestServer.Token.alice).object()
        #expect((alice["hits"] as? [Any])?.count == 1)
        let bob = try await server.send(.get, "/v1/search?q=zeppelin", token: TestServer.Token.bob).object()
        #expect((bob["hits"] as? [Any])?.isEmpty == true)
        // The groups live in the folder's .footnoteaccess, so a CLI `sync` keeps them.
        let access = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(".footnoteaccess")
        #expect((try? String(contentsOf: access, encoding: .utf8)) == "engineering\n")
    }

    @Test("uploads are refused for readers, for foreign groups, for unsupported files and over the size limit")
    func uploadRefusals() async throws {
        let server = try TestServer()
        #expect(try await server.upload([("a.md", "# A\n\ntext\n")], token: TestServer.Token.bob).status == .forbidden)
        #expect(try await server.upload([("a.md", "# A\n\ntext\n")], groups: "hr", token: TestServer.Token.alice).status == .forbidden)
        #expect(try await server.upload([("a.md", "# A\n\ntext\n")], token: TestServer.Token.guest).status == .forbidden)
        let binary = try await server.upload([("blob.bin", String(repeating: "\u{0}\u{1}\u{2}", count: 100))], token: TestServer.Token.admin)
        #expect(binary.status == .unprocessableContent, "\(binary.text)")
        let huge = try await server.upload([("big.md", String(repeating: "x", count: 2 << 20))], token: TestServer.Token.admin)
        #expect(huge.status == .contentTooLarge)
        let notMultipart = try await server.send(.post, "/v1/documents", token: TestServer.Token.admin,
                                                 headers: [.contentType: "text/plain"], body: Data("x".utf8))
        #expect(notMultipart.status == .badRequest)
    }

    @Test("listing pages by offset and limit; a document shows its chunks with citation ids")
    func listAndGet() async throws {
        let server = try TestServer(withTokens: false)
        let page = try await server.send(.get, "/v1/documents?limit=2&offset=1").object()
        #expect(page["total"] as? Int == 3)
        let documents = try #require(page["documents"] as? [[String: Any]])
        #expect(documents.count == 2)
        let id = try #require(documents.first?["id"] as? Int)
        let detail = try await server.send(.get, "/v1/documents/\(id)").object()
        let chunks = try #require(detail["chunks"] as? [[String: Any]])
        let citation = try #require(chunks.first?["citation"] as? String)
        #expect(try await server.send(.get, "/v1/cite/\(citation)").status == .ok)
        #expect(try await server.send(.get, "/v1/documents/abc").status == .badRequest)
        #expect(try await server.send(.get, "/v1/documents/99999").status == .notFound)
    }

    @Test("delete removes the document and the uploaded file; others' documents are protected")
    func delete() async throws {
        let server = try TestServer()
        let upload = try await server.upload([("notes.md", "# Notes\n\nquokka observations\n")], token: TestServer.Token.alice).object()
        let document = try #require((upload["documents"] as? [[String: Any]])?.first)
        let id = try #require(document["id"] as? Int)
        let path = try #require(document["path"] as? String)
        // A read-only caller may not delete at all; a writer who cannot see the document does not learn it exists.
        #expect(try await server.send(.delete, "/v1/documents/\(id)", token: TestServer.Token.bob).status == .forbidden)
        #expect(try await server.send(.delete, "/v1/documents/\(id)", token: TestServer.Token.guest).status == .notFound)
        let corpusID = try #require(((try await server.send(.get, "/v1/search?q=write-ahead", token: TestServer.Token.alice)
            .object()["hits"] as? [[String: Any]])?.first?["documentID"] as? Int))
        #expect(try await server.send(.delete, "/v1/documents/\(corpusID)", token: TestServer.Token.alice).status == .forbidden)
        let deleted = try await server.send(.delete, "/v1/documents/\(id)", token: TestServer.Token.alice)
        #expect(deleted.status == .ok)
        #expect(try deleted.object()["fileRemoved"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        let after = try await server.send(.get, "/v1/search?q=quokka", token: TestServer.Token.alice).object()
        #expect((after["hits"] as? [Any])?.isEmpty == true)
        #expect(try server.service.pool.writer.store.consistencyProblems().isEmpty)
    }
}
