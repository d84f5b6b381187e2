import FootnoteCore
import Foundation
import KnowledgeStore
import Testing

/// How every store keeps vectors and ranks by them: exact cosine order, filters and phrase constraints
/// before top-k, the corpus background, and hybrid fusion in one call.
@Suite("Storage contract: vectors and hybrid search")
struct VectorContractTests {
    static let identity = EmbedderIdentity(name: "contract-embedder", dimension: 8, checksum: "c0ffee")

    /// Five one-chunk documents whose vectors sit at known angles from the query `unitVector(axis: 0)`:
    /// cosines 1/√(1+1/t²) for tilt t, so the order is by tilt.
    static let corpus: [(path: String, text: String, tilt: Float, groups: [String])] = [
        ("/v/far.txt", "far away text about gardens", 0.1, []),
        ("/v/near.txt", "near text about the virtual table", 3, []),
        ("/v/nearest.txt", "nearest text about replication", 9, ["ops"]),
        ("/v/middle.txt", "middle text about the virtual table", 1, []),
        ("/v/orthogonal.txt", "orthogonal text about cooking", 0, []),
    ]

    static func filled(_ backend: StoreBackend) throws -> (ContractStore, [String: Int64]) {
        let fixture = try ContractStore(backend)
        for document in corpus { try fixture.add(document.path, [document.text], groups: document.groups) }
        try fixture.store.claimEmbedder(identity)
        #expect(try fixture.store.pendingChunkCount() == corpus.count)
        let pending = try fixture.store.pendingChunks(limit: 100)
        var chunkOfPath: [String: Int64] = [:]
        let paths = try fixture.store.chunkDocumentPaths()
        var vectors: [(inputHash: String, vector: [Float])] = []
        var links: [(chunkID: Int64, inputHash: String)] = []
        for chunk in pending {
            let path = try #require(paths[chunk.chunkID])
            let document = try #require(corpus.first { $0.path == path })
            chunkOfPath[path] = chunk.chunkID
            let axis = 1 + (corpus.firstIndex { $0.path == path } ?? 0)
            let hash = "h-\(path)"
            vectors.append((hash, unitVector(axis: axis, tilt: document.tilt)))
            links.append((chunk.chunkID, hash))
        }
        try fixture.store.storeVectors(vectors, links: links)
        return (fixture, chunkOfPath)
    }

    static func cosine(_ tilt: Float) -> Double { Double(tilt / (1 + tilt * tilt).squareRoot()) }

    @Test("Vectors are stored once per input hash; cosine order, scores and background are exact", arguments: StoreBackend.vectorPaths)
    func exactScan(_ backend: StoreBackend) throws {
        let (fixture, chunkOf) = try Self.filled(backend)
        #expect(try fixture.store.hasVectors())
        #expect(try fixture.store.embedder() == Self.identity)
        #expect(try fixture.store.pendingChunkCount() == 0)
        #expect(try fixture.store.storedVectorHashes(among: ["h-/v/far.txt", "missing"]) == ["h-/v/far.txt"])

        let result = try fixture.store.vectorSearch(unitVector(axis: 0), limit: 3)
        #expect(result.matches.map(\.chunkID) == ["/v/nearest.txt", "/v/near.txt", "/v/middle.txt"].compactMap { chunkOf[$0] })
        for (match, tilt) in zip(result.matches, [Float(9), 3, 1]) {
            #expect(abs(match.score - Self.cosine(tilt)) < 1e-5, "\(match.score) vs \(Self.cosine(tilt))")
        }
        let mean = Self.corpus.map { Self.cosine($0.tilt) }.reduce(0, +) / Double(Self.corpus.count)
        #expect(abs(result.background - mean) < 1e-5, "background \(result.background) vs \(mean)")
    }

    @Test("Filters, access groups and quoted phrases limit the vector scan before top-k", arguments: StoreBackend.vectorPaths)
    func filteredScan(_ backend: StoreBackend) throws {
        let (fixture, chunkOf) = try Self.filled(backend)
        let query = unitVector(axis: 0)
        let outsider = try fixture.store.vectorSearch(query, filter: SearchFilter(accessGroups: []), constraints: nil, limit: 1, precision: .float32)
        #expect(outsider.matches.map(\.chunkID) == [chunkOf["/v/near.txt"]])
        let globbed = try fixture.store.vectorSearch(query, filter: SearchFilter(pathGlobs: ["/v/m*"]), constraints: nil, limit: 5, precision: .float32)
        #expect(globbed.matches.map(\.chunkID) == [chunkOf["/v/middle.txt"]])
        #expect(abs(globbed.background - Self.cosine(1)) < 1e-5)
        let phrase = try fixture.store.vectorSearch(query, filter: SearchFilter(), constraints: LexicalQuery("\"virtual table\""), limit: 5, precision: .float32)
        #expect(phrase.matches.map(\.chunkID) == ["/v/near.txt", "/v/middle.txt"].compactMap { chunkOf[$0] })
        let excluded = try fixture.store.vectorSearch(query, filter: SearchFilter(), constraints: LexicalQuery("text -replication -virtual"), limit: 1, precision: .float32)
        #expect(excluded.matches.map(\.chunkID) == [chunkOf["/v/far.txt"]])
    }

    @Test("int8 precision returns the float32 top-k with float32 scores", arguments: StoreBackend.vectorPaths)
    func quantizedScan(_ backend: StoreBackend) throws {
        let (fixture, _) = try Self.filled(backend)
        let exact = try fixture.store.vectorSearch(unitVector(axis: 0), filter: SearchFilter(), constraints: nil, limit: 4, precision: .float32)
        let quantized = try fixture.store.vectorSearch(unitVector(axis: 0), filter: SearchFilter(), constraints: nil, limit: 4, precision: .int8)
        #expect(quantized.matches.map(\.chunkID) == exact.matches.map(\.chunkID))
        for (a, b) in zip(quantized.matches, exact.matches) { #expect(abs(a.score - b.score) < 1e-5) }
    }

    @Test("Removing documents leaves vectors to collect; another embedder is refused until vectors are dropped", arguments: StoreBackend.vectorPaths)
    func lifecycle(_ backend: StoreBackend) throws {
        let (fixture, _) = try Self.filled(backend)
        let far = try #require(try fixture.store.document(path: "/v/far.txt"))
        try fixture.store.removeDocument(id: far.id)
        #expect(try fixture.store.collectUnusedVectors() == 1)
        #expect(try fixture.store.storedVectorHashes(among: ["h-/v/far.txt"]).isEmpty)
        #expect(try fixture.store.vectorSearch(unitVector(axis: 0), limit: 10).matches.count == 4)

        #expect(throws: (any Error).self) {
            try fixture.store.claimEmbedder(EmbedderIdentity(name: "other", dimension: 8, checksum: "beef"))
        }
        try fixture.store.dropVectors()
        #expect(try !fixture.store.hasVectors())
        #expect(try fixture.store.embedder() == nil)
        #expect(try fixture.store.pendingChunkCount() == 4)
        try fixture.store.claimEmbedder(EmbedderIdentity(name: "other", dimension: 8, checksum: "beef"))
        #expect(try fixture.store.consistencyProblems().isEmpty)
    }

    @Test("Hybrid search is the fusion of the two legs, filtered the same way, in one call", arguments: StoreBackend.vectorPaths)
    func hybrid(_ backend: StoreBackend) throws {
        let (fixture, chunkOf) = try Self.filled(backend)
        let query = LexicalQuery("virtual table replication")
        let vector = unitVector(axis: 0)
        for fusion in [HybridFusion.default, HybridFusion(method: .rrf)] {
            let lexical = try fixture.store.lexicalSearch(query, limit: fusion.candidateDepth)
            let semantic = try fixture.store.vectorSearch(vector, filter: SearchFilter(), constraints: query, limit: fusion.candidateDepth, precision: .float32)
            let expected = fusion.fuse(
                lexical: lexical.map { ($0.chunkID, $0.score) }, semantic: semantic.matches.map { ($0.chunkID, $0.score) },
                semanticBackground: semantic.background)
            let fused = try fixture.store.hybridSearch(
                query, vector: { vector }, filter: SearchFilter(), limit: 3, weights: .default, fusion: fusion, precision: .float32)
            #expect(fused.map(\.chunkID) == expected.prefix(3).map(\.chunkID))
            #expect(zip(fused, expected).allSatisfy { abs($0.score - $1.score) < 1e-9 })
        }
        let outsider = try fixture.store.hybridSearch(
            query, vector: { vector }, filter: SearchFilter(accessGroups: []), limit: 10, weights: .default, fusion: .default, precision: .float32)
        #expect(!outsider.isEmpty)
        #expect(!outsider.contains { $0.chunkID == chunkOf["/v/nearest.txt"] })
        // No query vector: the lexical leg alone, fused (as a store without vectors for this query would).
        let lexicalOnly = try fixture.store.hybridSearch(
            query, vector: { nil }, filter: SearchFilter(), limit: 10, weights: .default, fusion: .default, precision: .float32)
        #expect(Set(lexicalOnly.map(\.chunkID)) == Set(try fixture.store.lexicalSearch(query, limit: 10).map(\.chunkID)))
    }
}
