import Foundation
import TestSupport
import Testing

/// `footnote serve --embed-url`: the server embeds queries with the remote embeddings server it is given,
/// not with the native model (a fake OpenAI-compatible server on 127.0.0.1 stands at the network boundary).
@Suite("footnote serve with a remote embedder (real executable)", .serialized)
struct ServeEmbedderTests {
    @Test("serve --embed-url answers semantic searches with vectors from that server")
    func serveUsesRemoteEmbedder() async throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let embeddings = try RemoteTestServer(["--dim", "8"])
        let directory = try TemporaryDirectory(prefix: "footnote-serve-embed")
        try directory.write("docs/wal.md", "# WAL\n\nThe write-ahead log lets readers continue while a writer commits.")
        try directory.write("docs/vacuum.md", "# Vacuum\n\nVACUUM rebuilds the database file and reclaims free pages.")
        let index = directory.url.appendingPathComponent("remote.sqlite").path
        let remote = ["--embed-url", try embeddings.baseURL.absoluteString, "--embed-model", "fake-embedder"]

        let add = try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index] + remote)
        #expect(add.status == 0, "\(add.stderr)")
        let afterAdd = try await embeddings.stats().requests
        #expect(afterAdd >= 2, "add embeds through the server (one probe, then the chunks)")

        let serve = try ServeRestartTests.Serve(index: index, arguments: remote)
        defer { serve.stop() }
        let probed = try await embeddings.stats().requests
        #expect(probed == afterAdd + 1, "serve probes the embeddings server once at start")
        let reply = try await serve.send("GET", "/v1/search?q=readers+and+writers&mode=semantic&limit=5")
        #expect(reply.status == .ok, "\(reply.text)")
        let hits = try #require(try reply.object()["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        #expect(try await embeddings.stats().requests == probed + 1, "the query was embedded by the remote server")
        #expect(try await embeddings.stats().models.allSatisfy { $0 == "fake-embedder" })
    }

    @Test("eval --embed-url runs a semantic evaluation with that server")
    func evalUsesRemoteEmbedder() async throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let embeddings = try RemoteTestServer(["--dim", "8"])
        let directory = try TemporaryDirectory(prefix: "footnote-eval-embed")
        try directory.write("tiny/corpus.jsonl", """
            {"_id": "d1", "title": "WAL", "text": "The write-ahead log lets readers continue while a writer commits."}
            {"_id": "d2", "title": "Vacuum", "text": "VACUUM rebuilds the database file."}

            """)
        try directory.write("tiny/queries.jsonl", "{\"_id\": \"q1\", \"text\": \"write-ahead log\"}\n")
        try directory.write("tiny/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\n")
        let run = try FootnoteBinary.run([
            "eval", directory.url.appendingPathComponent("tiny").path, "--mode", "semantic", "--no-cache", "--json",
            "--embed-url", try embeddings.baseURL.absoluteString, "--embed-model", "fake-embedder",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let stats = try await embeddings.stats()
        // One probe, the two documents, the one query.
        #expect(stats.requests >= 3, "\(stats.requests) requests")
        #expect(stats.batch_sizes.reduce(0, +) >= 4)
    }
}
