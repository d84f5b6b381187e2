import FootnoteCore
import Foundation
@testable import FootnotePostgres
import KnowledgeStore
import Testing

/// The HNSW path of the PostgreSQL store against its exact scan, on one schema opened twice (forced to the
/// index with `vector_index_above=0`, and never): the same neighbours, filters and access groups applied before
/// top-k, a narrow filter still filled, and the index's life with the embedder.
@Suite("PostgreSQL vector index (HNSW)", .enabled(if: StoreBackend.postgresURL != nil, "FOOTNOTE_PG_URL is not set"))
struct PostgresVectorIndexTests {
    static let dimension = 32
    static let identity = EmbedderIdentity(name: "random-unit", dimension: dimension, checksum: "c")

    /// A deterministic random unit vector.
    static func randomUnit(_ random: inout SplitMix64) -> [Float] {
        let raw = (0..<dimension).map { _ in Float(Double(random.next() % 2_000_001) / 1_000_000 - 1) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// 60 documents of 10 chunks with distinct random vectors; every third document is in group `hr`.
    /// Returns the store forced to the index, the one forced to the exact scan, and chunk id → path.
    static func filled() throws -> (indexed: PostgresStore, exact: PostgresStore, pathOf: [Int64: String]) {
        let url = try #require(StoreBackend.postgresURL)
        let schema = StoreBackend.freshPostgresSchema()
        let indexed = try PostgresStore(url: PostgresURL.adding("vector_index_above", "0", to: url), schema: schema)
        let exact = try PostgresStore(url: PostgresURL.adding("vector_index_above", "\(Int.max)", to: url), schema: schema)
        try indexed.claimEmbedder(identity)
        var random = SplitMix64(seed: 7)
        var pathOf: [Int64: String] = [:]
        for document in 0..<60 {
            let path = "/docs/\(document < 10 ? "0" : "")\(document).txt"
            let id = try indexed.writeVersion(ContractStore.input(
                path, (0..<10).map { "document \(document) passage \($0)" }, groups: document % 3 == 0 ? ["hr"] : []))
            var vectors: [(inputHash: String, vector: [Float])] = []
            var links: [(chunkID: Int64, inputHash: String)] = []
            for chunk in try indexed.chunks(documentID: id) {
                let hash = "h-\(chunk.id)"
                vectors.append((hash, randomUnit(&random)))
                links.append((chunk.id, hash))
                pathOf[chunk.id] = path
            }
            try indexed.storeVectors(vectors, links: links)
        }
        return (indexed, exact, pathOf)
    }

    @Test("The index finds the exact scan's neighbours with the same scores, before and after access filters")
    func sameNeighbours() throws {
        let (indexed, exact, pathOf) = try Self.filled()
        var random = SplitMix64(seed: 99)
        var recalls: [Double] = []
        for filter in [SearchFilter(), SearchFilter(accessGroups: [])] {
            for _ in 0..<20 {
                let query = Self.randomUnit(&random)
                let truth = try exact.vectorSearch(query, filter: filter, constraints: nil, limit: 10, precision: .float32)
                let found = try indexed.vectorSearch(query, filter: filter, constraints: nil, limit: 10, precision: .float32)
                #expect(found.matches.count == 10)
                let expected = Dictionary(uniqueKeysWithValues: truth.matches.map { ($0.chunkID, $0.score) })
                recalls.append(Double(found.matches.filter { expected[$0.chunkID] != nil }.count) / 10)
                for match in found.matches {
                    if let score = expected[match.chunkID] { #expect(abs(score - match.score) < 1e-6) }
                    if filter.accessGroups == [] {
                        let document = Int(pathOf[match.chunkID]?.dropFirst("/docs/".count).prefix(2) ?? "") ?? 0
                        #expect(document % 3 != 0, "an hr document reached an outsider: \(pathOf[match.chunkID] ?? "?")")
                    }
                }
                #expect(found.matches.map(\.score) == found.matches.map(\.score).sorted(by: >), "best first")
                // Below minimumBackgroundSample chunks the mean is exact, not sampled.
                #expect(abs(found.background - truth.background) < 1e-9)
            }
        }
        let recall = recalls.reduce(0, +) / Double(recalls.count)
        #expect(recall >= 0.95, "recall@10 of the index against the exact scan: \(recall)")
    }

    @Test("A filter that keeps one document of sixty still gets all its chunks: the index is read deeper")
    func narrowFilter() throws {
        let (indexed, exact, _) = try Self.filled()
        var random = SplitMix64(seed: 5)
        let query = Self.randomUnit(&random)
        let filter = SearchFilter(pathGlobs: ["/docs/42.txt"])
        let found = try indexed.vectorSearch(query, filter: filter, constraints: nil, limit: 20, precision: .float32)
        let truth = try exact.vectorSearch(query, filter: filter, constraints: nil, limit: 20, precision: .float32)
        #expect(found.matches.count == 10)
        #expect(found.matches.map(\.chunkID) == truth.matches.map(\.chunkID))
    }

    @Test("The first embedder claim creates the index, dropping vectors drops it, migration 006 restores a missing one")
    func indexLifecycle() throws {
        let (indexed, _, _) = try Self.filled()
        func hasIndex() throws -> Bool {
            try indexed.withConnection { try $0.query("SELECT to_regclass('embeddings_hnsw') IS NOT NULL").first?.bool(0) ?? false }
        }
        #expect(try hasIndex())
        try indexed.dropVectors()
        #expect(try !hasIndex())
        try indexed.claimEmbedder(Self.identity)
        #expect(try hasIndex())

        // A store that had vectors before the index existed: migration 006 creates it when the store is opened.
        try indexed.withConnection { try $0.execute("DROP INDEX embeddings_hnsw; DELETE FROM migrations WHERE name = '006-vector-index'") }
        #expect(try !hasIndex())
        let url = try #require(StoreBackend.postgresURL)
        let reopened = try PostgresStore(url: url, schema: indexed.schema)
        #expect(try reopened.appliedMigrations().last == "006-vector-index")
        #expect(try hasIndex())
    }

    @Test("vector_index_above must be a whole number; the message names the parameter and the value")
    func badParameter() throws {
        let url = try #require(StoreBackend.postgresURL)
        do {
            _ = try PostgresStore(url: PostgresURL.adding("vector_index_above", "lots", to: url), schema: StoreBackend.freshPostgresSchema())
            Issue.record("an invalid vector_index_above was accepted")
        } catch let error as PostgresError {
            #expect(error.description.contains("vector_index_above") && error.description.contains("'lots'"), "\(error)")
        }
        let store = try PostgresStore(url: PostgresURL.adding("vector_index_above", "5000", to: url), schema: StoreBackend.freshPostgresSchema())
        #expect(store.vectorIndexAbove == 5000)
        #expect(try PostgresStore(url: url, schema: store.schema).vectorIndexAbove == PostgresStore.defaultVectorIndexAbove)
    }
}
