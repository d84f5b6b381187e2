import FootnoteCore
import Foundation
@testable import SearchIndex
@testable import KnowledgeStore
import Testing

@Suite("Vectors in the index and exact vector search")
struct VectorSearchTests {
    static let identity = EmbedderIdentity(name: "test-model", dimension: 16, checksum: "abc123")

    /// A deterministic unit vector for a seed.
    static func vector(_ seed: Int, dimension: Int = 16) -> [Float] {
        var state = UInt64(seed &+ 1) &* 6364136223846793005
        let raw = (0..<dimension).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
        }
        let norm = sqrt(raw.reduce(0) { $0 + $1 * $1 })
        return raw.map { $0 / max(norm, 1e-6) }
    }

    /// An index with `count` one-chunk documents, each with vector(i), alternating formats.
    static func populated(count: Int) throws -> (IndexFixture, [Int64: [Float]]) {
        let fixture = try IndexFixture()
        try fixture.index.claimEmbedder(identity)
        var vectors: [Int64: [Float]] = [:]
        for number in 0..<count {
            let format: DocumentFormat = number % 2 == 0 ? .pdf : .markdown
            try fixture.add(path: "/kb/\(number % 3 == 0 ? "a" : "b")/doc\(number)", format: format, text: "document number \(number)")
        }
        let pending = try fixture.index.pendingChunks(limit: 10_000)
        #expect(pending.count == count)
        let items = pending.map { chunk -> (Int64, String, [Float]) in
            let number = Int(chunk.text.split(separator: " ").last ?? "0") ?? 0
            return (chunk.chunkID, "hash-\(number)", vector(number))
        }
        try fixture.index.storeVectors(items.map { ($0.1, $0.2) }, links: items.map { ($0.0, $0.1) })
        for item in items { vectors[item.0] = item.2 }
        return (fixture, vectors)
    }

    @Test("Vector top-k equals brute force, and a filtered top-k equals the top-k of the filtered corpus")
    func exactTopK() throws {
        let (fixture, vectors) = try Self.populated(count: 300)
        #expect(try fixture.index.pendingChunkCount() == 0)
        let documents = Dictionary(uniqueKeysWithValues: try fixture.index.documents().map { ($0.id, $0) })
        let chunkDocument = Dictionary(uniqueKeysWithValues: try documents.keys.flatMap { id in
            try fixture.index.chunks(documentID: id).map { ($0.id, id) }
        })
        for seed in [1000, 1001, 1002] {
            let query = Self.vector(seed)
            func brute(_ allowed: (Int64) -> Bool) -> [Double] {
                vectors.filter { allowed($0.key) }.map { entry in
                    Double(zip(entry.value, query).reduce(Float(0)) { $0 + $1.0 * $1.1 })
                }.sorted(by: >).prefix(10).map { $0 }
            }
            let all = try fixture.index.semanticSearch(query, limit: 10)
            #expect(zip(all.map(\.score), brute { _ in true }).allSatisfy { abs($0 - $1) < 1e-5 })
            let filter = SearchFilter(pathGlobs: ["a/*"], formats: [.pdf])
            let filtered = try fixture.index.semanticSearch(query, filter: filter, limit: 10)
            let expected = brute { id in
                guard let document = chunkDocument[id].flatMap({ documents[$0] }) else { return false }
                return document.format == .pdf && document.path.contains("/a/")
            }
            #expect(filtered.count == expected.count)
            #expect(zip(filtered.map(\.score), expected).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test("The int8 scan with float rescoring finds the same top hits with the exact scores", arguments: [5, 100])
    func quantized(limit: Int) throws {
        let (fixture, _) = try Self.populated(count: 400)
        for seed in [7, 8, 9] {
            let query = Self.vector(seed + 5000)
            let exact = try fixture.index.semanticSearch(query, limit: limit)
            let approximate = try fixture.index.semanticSearch(query, limit: limit, precision: .int8)
            #expect(approximate.count == limit)
            #expect(approximate.map(\.chunkID) == exact.map(\.chunkID))
            #expect(zip(approximate, exact).allSatisfy { abs($0.score - $1.score) < 1e-6 })
            #expect(fixture.index.residentVectorBytes() > 0)
        }
    }

    @Test("An index refuses vectors of a second model, and dropping vectors allows a switch")
    func modelMismatch() throws {
        let (fixture, _) = try Self.populated(count: 3)
        let other = EmbedderIdentity(name: "other", dimension: 16, checksum: "zzz")
        #expect(throws: SearchIndexError.self) { try fixture.index.claimEmbedder(other) }
        try fixture.index.dropVectors()
        try fixture.index.claimEmbedder(other)
        #expect(try fixture.index.embedder() == other)
        #expect(try fixture.index.pendingChunkCount() == 3)
    }

    @Test("Vectors are reused by content and collected when no chunk uses them")
    func reuseAndCollection() throws {
        let (fixture, _) = try Self.populated(count: 4)
        #expect(try fixture.index.storedVectorHashes(among: ["hash-1", "hash-2", "nope"]) == ["hash-1", "hash-2"])
        let document = try #require(try fixture.index.document(path: "/kb/b/doc1"))
        try fixture.index.removeDocument(id: document.id)
        #expect(try fixture.index.collectUnusedVectors() == 1)
        #expect(try fixture.index.storedVectorHashes(among: ["hash-1", "hash-2"]) == ["hash-2"])
        // After a change the matrix reloads: the removed chunk is never returned.
        let results = try fixture.index.semanticSearch(Self.vector(1), limit: 10)
        #expect(!results.contains { $0.chunkID == document.id })
        #expect(results.count == 3)
    }
}
