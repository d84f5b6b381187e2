import Footnote
import FootnoteCore
import Foundation
import KnowledgeStore
import Testing
import TestSupport

/// `KnowledgeBase.migrate` and `footnote migrate`: a knowledge base moved SQLite → PostgreSQL → SQLite without
/// parsing or embedding lists, ranks, cites and gates the same at every step.
@Suite("Migrating a knowledge base between stores")
struct MigrateTests {
    static let identity = EmbedderIdentity(name: "migrate-test-embedder", dimension: 8, checksum: "5eed")
    static let gate = #"{"gate":{"threshold":0.31},"fitted_at":"2025-01-01T00:00:00Z"}"#
    static let queries = ["checkpoint pages", "salary bands", "\"write-ahead log\"", "readers writers", "vacuum"]

    static func requireServer() throws -> String {
        if let url = PostgresServer.url { return url }
        if ModelLocation.isCI { Issue.record("CI is set but FOOTNOTE_PG_URL is not: \(PostgresServer.skipReason)") }
        try Test.cancel("\(PostgresServer.skipReason)")
    }

    /// Three small documents: `guide.md` updated once (an old version), `hr/salaries.md` in group `hr`, and
    /// `notes.txt` removed after ingest (only its version remains); a stored gate and fake but valid vectors.
    struct Source {
        let directory: TemporaryDirectory
        let knowledgeBase: KnowledgeBase
        let oldHash: String
        let removedHash: String
        var index: String { directory.url.appendingPathComponent("source.sqlite").path }

        init() throws {
            directory = try TemporaryDirectory(prefix: "footnote-migrate")
            knowledgeBase = try KnowledgeBase(configuration: FootnoteConfiguration(
                indexPath: directory.url.appendingPathComponent("source.sqlite").path, chunkTokens: 24, chunkOverlapTokens: 0))
            let files = directory.url.appendingPathComponent("files").path
            try directory.write("files/guide.md", "# Guide\n\n## Checkpoints\n\nA checkpoint copies pages from the write-ahead log.\n")
            try directory.write("files/hr/.footnoteaccess", "hr\n")
            try directory.write("files/hr/salaries.md", "# Salaries\n\nThe salary bands for readers and writers are confidential.\n")
            try directory.write("files/notes.txt", "Plain notes about vacuum and page size.")
            _ = try knowledgeBase.add([files])
            let store = knowledgeBase.store
            oldHash = try #require(try store.documents().first { $0.path.hasSuffix("guide.md") }).contentHash
            removedHash = try #require(try store.documents().first { $0.path.hasSuffix("notes.txt") }).contentHash
            try directory.write("files/guide.md", """
                # Guide

                ## Checkpoints

                A checkpoint copies pages from the write-ahead log back into the database file.

                ## Readers

                Readers never block writers, and writers never block readers.
                """)
            _ = try knowledgeBase.add([files])
            try knowledgeBase.remove(documentID: try #require(try store.documents().first { $0.path.hasSuffix("notes.txt") }).id)
            try store.setSetting("evidence_gate", MigrateTests.gate)
            try store.claimEmbedder(MigrateTests.identity)
            let pending = try store.pendingChunks(limit: 100)
            try store.storeVectors(pending.map { (inputHash: "input-" + SHA256.hex($0.text), vector: MigrateTests.fakeVector($0.text)) },
                                   links: pending.map { (chunkID: $0.chunkID, inputHash: "input-" + SHA256.hex($0.text)) })
        }
    }

    /// A search's key in a snapshot: the query and the caller's groups (all: no restriction).
    static func key(_ query: String, _ groups: [String]?) -> String {
        "\(query) as \(groups.map { "[" + $0.joined(separator: ",") + "]" } ?? "all")"
    }

    /// A unit vector derived from the text's hash: valid, deterministic, different per text.
    static func fakeVector(_ text: String) -> [Float] {
        let bytes = Array(SHA256.hex(text).utf8.prefix(identity.dimension))
        let raw = bytes.map { Float($0 % 17) - 8 + 0.5 }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// What must not change: documents, chunks, search results for three callers, citations (old and removed
    /// versions included), vector ranking, settings and the embedder.
    struct Snapshot: Equatable {
        var documents: [String]
        var chunks: [String]
        var searches: [String: [String]]
        var scores: [String: [Double]]
        var citations: [CitationView]
        var vectorOrder: [String]
        var vectorScores: [Double]
        var gate: String?
        var embedder: EmbedderIdentity?

        init(_ knowledgeBase: KnowledgeBase, citing ids: [String]) throws {
            let store = knowledgeBase.store
            let records = try store.documents()
            documents = records.map {
                "\($0.path) \($0.title ?? "-") \($0.format) \($0.contentHash) \($0.size) \($0.mtime) \($0.ingestedAt) \($0.chunkCount) \($0.accessGroups)"
            }
            var locator: [Int64: String] = [:]
            chunks = []
            for record in records {
                for chunk in try store.chunks(documentID: record.id) {
                    locator[chunk.id] = "\(record.path)#\(chunk.ordinal)"
                    chunks.append("\(record.path)#\(chunk.ordinal) \(chunk.span) \(chunk.tokenCount) \(chunk.text)")
                }
            }
            searches = [:]
            scores = [:]
            for query in MigrateTests.queries {
                for groups in [nil, [], ["hr"]] as [[String]?] {
                    let hits = try knowledgeBase.search(SearchRequest(query: query, filter: SearchFilter(accessGroups: groups), mode: .lexical))
                    searches[MigrateTests.key(query, groups)] = hits.map(\.citation)
                    scores[MigrateTests.key(query, groups)] = hits.map(\.score)
                }
            }
            citations = try ids.map { try knowledgeBase.cite($0) }
            let vector = try store.vectorSearch(MigrateTests.fakeVector("a query"), limit: 20)
            vectorOrder = vector.matches.map { locator[$0.chunkID] ?? "?" }
            vectorScores = vector.matches.map(\.score)
            gate = try store.setting("evidence_gate")
            embedder = try store.embedder()
        }

        /// Equal, with scores compared within 1e-6 (BM25 sums in another order on PostgreSQL).
        func matches(_ other: Snapshot) -> Bool {
            func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 } }
            var this = self, that = other
            guard scores.keys == other.scores.keys, scores.keys.allSatisfy({ close(scores[$0] ?? [], other.scores[$0] ?? []) }),
                  close(vectorScores, other.vectorScores) else { return false }
            this.scores = [:]; that.scores = [:]
            this.vectorScores = []; that.vectorScores = []
            return this == that
        }
    }

    static func expectHealthy(_ knowledgeBase: KnowledgeBase, _ label: String) throws {
        #expect(try knowledgeBase.store.pendingChunkCount() == 0, "\(label): nothing to embed again")
        let problems = try knowledgeBase.store.consistencyProblems()
        #expect(problems.isEmpty, "\(label): \(problems)")
    }

    @Test("SQLite → PostgreSQL → SQLite keeps documents, chunks, passages, scores, citations, vectors, groups and the gate")
    func roundTrip() throws {
        let url = try Self.requireServer()
        let source = try Source()
        let ids = ["fn:\(source.oldHash.prefix(12)):0-20", "fn:\(source.removedHash.prefix(12)):6-11"]
            + (try source.knowledgeBase.search(SearchRequest(query: "checkpoint readers", mode: .lexical))).map(\.citation)
        #expect(ids.count >= 4)
        let expected = try Snapshot(source.knowledgeBase, citing: ids)
        #expect(expected.searches[Self.key("salary bands", [])] == [], "a caller in no group does not see hr")
        #expect(expected.searches[Self.key("salary bands", ["hr"])]?.isEmpty == false)
        #expect(expected.vectorOrder.count == (try source.knowledgeBase.store.chunkCount()))

        var postgres = FootnoteConfiguration()
        postgres.storeURL = url + "?schema=" + PostgresServer.freshSchema("kbtest")
        let progress = LockedValue<[Int]>([])
        let there = try KnowledgeBase.migrate(
            from: FootnoteConfiguration(indexPath: source.index), to: postgres, progressEvery: 1,
            progress: { done, _ in progress.withLock { $0.append(done) } })
        #expect(there.documents == 2 && there.versions == 4 && there.settings == 1)
        #expect(there.vectors == expected.vectorOrder.count && there.chunks == expected.vectorOrder.count)
        #expect(progress.withLock { $0 } == [1, 2])
        let onPostgres = try KnowledgeBase(configuration: postgres)
        let middle = try Snapshot(onPostgres, citing: ids)
        #expect(middle.matches(expected), "PostgreSQL differs:\n\(middle)\nvs\n\(expected)")
        try Self.expectHealthy(onPostgres, "postgres")

        let back = FootnoteConfiguration(indexPath: source.directory.url.appendingPathComponent("back.sqlite").path)
        let returned = try KnowledgeBase.migrate(from: postgres, to: back)
        #expect(returned.documents == 2 && returned.versions == 4 && returned.vectors == there.vectors)
        let onSQLite = try KnowledgeBase(configuration: back)
        let final = try Snapshot(onSQLite, citing: ids)
        #expect(final.matches(expected), "SQLite after the round trip differs:\n\(final)\nvs\n\(expected)")
        #expect(final.scores == expected.scores, "SQLite to SQLite: the very same scores")
        #expect(try onSQLite.store.roots() == (try source.knowledgeBase.store.roots()))
        try Self.expectHealthy(onSQLite, "sqlite after the round trip")
    }

    @Test("A destination that is not empty, or a missing source file, is refused with a clear error naming it")
    func refusals() throws {
        let source = try Source()
        let target = FootnoteConfiguration(indexPath: source.directory.url.appendingPathComponent("copy.sqlite").path)
        _ = try KnowledgeBase.migrate(from: FootnoteConfiguration(indexPath: source.index), to: target)
        do {
            _ = try KnowledgeBase.migrate(from: FootnoteConfiguration(indexPath: source.index), to: target)
            Issue.record("a second migration into the same file must fail")
        } catch {
            #expect("\(error)".contains("not empty") && "\(error)".contains("copy.sqlite"), "\(error)")
        }
        let missing = source.directory.url.appendingPathComponent("missing.sqlite").path
        #expect(throws: FootnoteError.self) {
            _ = try KnowledgeBase.migrate(from: FootnoteConfiguration(indexPath: missing),
                                          to: FootnoteConfiguration(indexPath: missing + ".out"))
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "the missing source is not created")
        let empty = source.directory.url.appendingPathComponent("empty.sqlite").path
        _ = try KnowledgeBase(configuration: FootnoteConfiguration(indexPath: empty))
        do {
            _ = try KnowledgeBase.migrate(from: FootnoteConfiguration(indexPath: empty), to: FootnoteConfiguration(indexPath: empty + ".out"))
            Issue.record("an empty source must be refused")
        } catch {
            #expect("\(error)".contains("holds no documents") && "\(error)".contains("empty.sqlite"), "\(error)")
        }
    }

    @Test("footnote migrate prints the summary, then refuses the now non-empty destination")
    func commandLine() throws {
        let url = try Self.requireServer()
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let source = try Source()
        let destination = url + "?schema=" + PostgresServer.freshSchema("clitest")
        let first = try FootnoteBinary.run(["migrate", "--from", source.index, "--to", destination, "--progress-every", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("migrated 2 documents, 4 versions"), "\(first.stdout)")
        #expect(first.stderr.contains("migrated 2/2 documents"), "progress on stderr: \(first.stderr)")
        let second = try FootnoteBinary.run(["migrate", "--from", source.index, "--to", destination])
        #expect(second.status == 1)
        #expect(second.stderr.contains("not empty") && second.stderr.contains("clitest_"), "\(second.stderr)")
        #expect(second.stderr.contains("DROP SCHEMA"), "says how to start over: \(second.stderr)")
        let stats = try FootnoteBinary.run(["stats", "--store", destination])
        #expect(stats.stdout.contains("documents: 2"), "\(stats.stdout)")
    }
}
