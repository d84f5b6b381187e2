import FootnoteCore
import Foundation
import KnowledgeStore
import Testing

/// How every store exports and imports a knowledge base as it is (`footnote migrate`): histories paged by id,
/// vector links and exact vectors read back, a document written with its history, chunks, full-text entries
/// and vector links in one transaction, and a taken path refused.
@Suite("Storage contract: transfer between stores")
struct TransferContractTests {
    static let identity = EmbedderIdentity(name: "transfer-embedder", dimension: 8, checksum: "7a5f")

    /// A store with `/t/kept.txt` written twice (an old and a current version, in group `ops`, its chunks
    /// embedded) and `/t/gone.txt` written then removed (only its version remains).
    static func source(_ backend: StoreBackend) throws -> ContractStore {
        let fixture = try ContractStore(backend)
        try fixture.add("/t/kept.txt", ["Checkpoints copy pages back.", "Readers never block writers."], title: "Kept")
        try fixture.add("/t/kept.txt", ["Checkpoints copy dirty pages back to the database.", "Readers never block writers."],
                        title: "Kept", groups: ["ops"])
        let gone = try fixture.add("/t/gone.txt", ["Vacuum reclaims space from dead rows."])
        try fixture.store.removeDocument(id: gone)
        try fixture.store.claimEmbedder(identity)
        let pending = try fixture.store.pendingChunks(limit: 10)
        try fixture.store.storeVectors(
            pending.enumerated().map { (inputHash: "in-\($0.offset)", vector: unitVector(axis: 1 + $0.offset, tilt: 0.37)) },
            links: pending.enumerated().map { (chunkID: $0.element.chunkID, inputHash: "in-\($0.offset)") })
        try fixture.store.setSetting("evidence_gate", #"{"threshold":0.25}"#)
        return fixture
    }

    /// Every version of `documentID` (nil: of removed documents), two per page to exercise the paging.
    static func allVersions(_ store: any KnowledgeStore, documentID: Int64?) throws -> [VersionRecord] {
        var versions: [VersionRecord] = []
        while true {
            let page = try store.versions(documentID: documentID, afterID: versions.last?.id ?? 0, limit: 2)
            versions += page
            if page.count < 2 { return versions }
        }
    }

    static func export(_ store: any KnowledgeStore, _ document: DocumentRecord) throws -> DocumentImport {
        let hashes = try store.embedHashes(documentID: document.id)
        let chunks = try store.chunks(documentID: document.id).map {
            ImportedChunk(draft: ChunkDraft(ordinal: $0.ordinal, span: $0.span, text: $0.text, tokenCount: $0.tokenCount),
                          embedHash: hashes[$0.id])
        }
        return DocumentImport(path: document.path, size: document.size, mtime: document.mtime, accessGroups: document.accessGroups,
                              versions: try allVersions(store, documentID: document.id), chunks: chunks)
    }

    @Test("A document's history pages by id with the current version last; removed documents' versions page apart", arguments: StoreBackend.all)
    func historyPaging(_ backend: StoreBackend) throws {
        let fixture = try Self.source(backend)
        let kept = try #require(try fixture.store.document(path: "/t/kept.txt"))
        let history = try Self.allVersions(fixture.store, documentID: kept.id)
        #expect(history.count == 2)
        #expect(history.map(\.isCurrent) == [false, true])
        #expect(history.last?.id == kept.versionID && history.allSatisfy { $0.documentID == kept.id })
        #expect(history.first?.canonicalText.contains("Checkpoints copy pages back.") == true)
        let detached = try Self.allVersions(fixture.store, documentID: nil)
        #expect(detached.map(\.path) == ["/t/gone.txt"])
        #expect(detached.first?.documentID == nil && detached.first?.isCurrent == false)
        #expect(try fixture.store.versions(documentID: kept.id, afterID: kept.versionID, limit: 10).isEmpty)
    }

    @Test("Vector links, vectors and settings read back exactly as stored", arguments: StoreBackend.all)
    func readsExactly(_ backend: StoreBackend) throws {
        let fixture = try Self.source(backend)
        let kept = try #require(try fixture.store.document(path: "/t/kept.txt"))
        let links = try fixture.store.embedHashes(documentID: kept.id)
        #expect(Set(links.keys) == Set(try fixture.store.chunks(documentID: kept.id).map(\.id)))
        let vectors = try fixture.store.vectors(inputHashes: ["in-0", "in-1", "missing"])
        #expect(vectors.keys.sorted() == ["in-0", "in-1"])
        #expect(vectors["in-0"] == unitVector(axis: 1, tilt: 0.37) && vectors["in-1"] == unitVector(axis: 2, tilt: 0.37))
        #expect(try fixture.store.vectors(inputHashes: []).isEmpty)
        #expect(try fixture.store.settings() == ["evidence_gate": #"{"threshold":0.25}"#])
    }

    @Test("An imported document reads, ranks and cites as the original; removed documents' versions still resolve", arguments: StoreBackend.all)
    func importRoundTrip(_ backend: StoreBackend) throws {
        let source = try Self.source(backend)
        let destination = try ContractStore(backend)
        try destination.store.claimEmbedder(Self.identity)
        let original = try #require(try source.store.document(path: "/t/kept.txt"))
        let exported = try Self.export(source.store, original)
        let hashes = exported.chunks.compactMap(\.embedHash)
        try destination.store.storeVectors(try source.store.vectors(inputHashes: hashes).map { ($0.key, $0.value) }, links: [])
        let id = try destination.store.importDocument(exported)
        try destination.store.importDetachedVersions(try Self.allVersions(source.store, documentID: nil))

        let copy = try #require(try destination.store.document(id: id))
        #expect(copy.path == original.path && copy.title == original.title && copy.contentHash == original.contentHash)
        #expect(copy.ingestedAt == original.ingestedAt && copy.size == original.size && copy.mtime == original.mtime)
        #expect(copy.accessGroups == ["ops"] && copy.chunkCount == original.chunkCount)
        let strip = { (chunks: [ChunkRecord]) in chunks.map { [String(describing: $0.span), $0.text, $0.textHash, "\($0.tokenCount)"] } }
        #expect(strip(try destination.store.chunks(documentID: id)) == strip(try source.store.chunks(documentID: original.id)))
        #expect(try Self.allVersions(destination.store, documentID: id).map(\.contentHash) == exported.versions.map(\.contentHash))

        let statistics = try destination.store.statistics()
        #expect(statistics.documents == 1 && statistics.versions == 3 && statistics.chunks == 2)
        #expect(try destination.store.pendingChunkCount() == 0)
        #expect(try destination.store.consistencyProblems().isEmpty)

        // Lexical search finds the imported chunks (full-text entries were written) with the same scores.
        for query in ["checkpoints dirty pages", "\"never block\""] {
            let before = try source.store.lexicalSearch(LexicalQuery(query), limit: 5).map(\.score)
            let after = try destination.store.lexicalSearch(LexicalQuery(query), limit: 5).map(\.score)
            #expect(!after.isEmpty && after.count == before.count, "\(query)")
            for (a, b) in zip(after, before) { #expect(abs(a - b) < 1e-9, "\(query): \(a) vs \(b)") }
        }
        let vectorBefore = try source.store.vectorSearch(unitVector(axis: 2), limit: 2).matches.map(\.score)
        let vectorAfter = try destination.store.vectorSearch(unitVector(axis: 2), limit: 2).matches.map(\.score)
        #expect(vectorAfter == vectorBefore && vectorAfter.count == 2)
        #expect(try destination.store.lexicalSearch(LexicalQuery("checkpoints"), filter: SearchFilter(accessGroups: []), limit: 5).isEmpty)

        for version in exported.versions + (try Self.allVersions(source.store, documentID: nil)) {
            let found = try #require(try destination.store.versions(hashPrefix: String(version.contentHash.prefix(12))).first)
            #expect(found.canonicalText == version.canonicalText && found.ingestedAt == version.ingestedAt && found.path == version.path)
            #expect(found.isCurrent == (version.contentHash == original.contentHash))
        }
    }

    @Test("Importing onto a taken path, or without a version, fails and writes nothing", arguments: StoreBackend.all)
    func refusals(_ backend: StoreBackend) throws {
        let source = try Self.source(backend)
        let original = try #require(try source.store.document(path: "/t/kept.txt"))
        let exported = try Self.export(source.store, original)
        let before = try source.store.statistics()
        #expect(throws: StoreTransferError.self) { try source.store.importDocument(exported) }
        var empty = exported
        empty.path = "/t/new.txt"
        empty.versions = []
        #expect(throws: StoreTransferError.self) { try source.store.importDocument(empty) }
        let after = try source.store.statistics()
        #expect(after.documents == before.documents && after.versions == before.versions && after.chunks == before.chunks)
        #expect(try source.store.consistencyProblems().isEmpty)
    }
}
