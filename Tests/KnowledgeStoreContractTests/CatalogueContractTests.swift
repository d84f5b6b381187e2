import FootnoteCore
import Foundation
import KnowledgeStore
import Testing

/// What every store keeps about documents, versions, chunks, groups and settings.
@Suite("Storage contract: the catalogue")
struct CatalogueContractTests {
    @Test("A written version reads back whole: document, chunks in order with their spans, version text, counts", arguments: StoreBackend.all)
    func writeAndRead(_ backend: StoreBackend) throws {
        let fixture = try ContractStore(backend)
        let paragraphs = ["Vacuum reclaims storage held by dead tuples.", "Autovacuum runs it in the background."]
        let id = try fixture.add("/manual/vacuum.txt", paragraphs, title: "Vacuum")
        let input = ContractStore.input("/manual/vacuum.txt", paragraphs, title: "Vacuum")

        let document = try #require(try fixture.store.document(id: id))
        #expect(document.path == "/manual/vacuum.txt")
        #expect(document.title == "Vacuum")
        #expect(document.contentHash == input.contentHash)
        #expect(document.chunkCount == 2)
        #expect(try fixture.store.document(path: "/manual/vacuum.txt")?.id == id)
        #expect(try fixture.store.documents().map(\.id) == [id])

        let chunks = try fixture.store.chunks(documentID: id)
        #expect(chunks.map(\.text) == paragraphs)
        #expect(chunks.map(\.ordinal) == [0, 1])
        #expect(chunks.map(\.span) == input.chunks.map(\.span))

        let version = try #require(try fixture.store.versions(hashPrefix: String(input.contentHash.prefix(12))).first)
        #expect(version.canonicalText == input.document.text)
        #expect(version.isCurrent && version.documentID == id && version.id == document.versionID)
        for chunk in chunks {
            let scalars = Array(version.canonicalText.unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[chunk.span.start..<chunk.span.end])) == chunk.text)
        }

        let statistics = try fixture.store.statistics()
        #expect(statistics.documents == 1 && statistics.versions == 1 && statistics.chunks == 2)
        #expect(try fixture.store.chunkCount() == 2)
        #expect(Set(try fixture.store.chunkDocumentPaths().values) == ["/manual/vacuum.txt"])
        #expect(try fixture.store.consistencyProblems().isEmpty)
        #expect(try !fixture.store.appliedMigrations().isEmpty)
    }

    @Test("Writing the current content again changes nothing; new content replaces the chunks, old text stops matching", arguments: StoreBackend.all)
    func versions(_ backend: StoreBackend) throws {
        let fixture = try ContractStore(backend)
        let first = ContractStore.input("/a.txt", ["Checkpoints flush dirty pages."])
        guard case let .created(id) = try fixture.store.writeVersionUnlessCurrent(first) else {
            Issue.record("a new path must be created"); return
        }
        #expect(try fixture.store.writeVersionUnlessCurrent(first) == .unchanged(documentID: id))
        let second = ContractStore.input("/a.txt", ["Write-ahead logging records changes.", "Replicas replay it."])
        #expect(try fixture.store.writeVersionUnlessCurrent(second) == .updated(documentID: id))

        #expect(try fixture.store.chunks(documentID: id).map(\.text) == ["Write-ahead logging records changes.", "Replicas replay it."])
        #expect(try fixture.store.statistics().versions == 2)
        #expect(try fixture.store.documents().count == 1)
        #expect(try fixture.lexicalPaths("checkpoints").isEmpty)
        #expect(try fixture.lexicalPaths("replicas") == ["/a.txt"])
        // The old version stays resolvable for citations, marked not current.
        let old = try #require(try fixture.store.versions(hashPrefix: String(first.contentHash.prefix(12))).first)
        #expect(!old.isCurrent && old.canonicalText == "Checkpoints flush dirty pages.")
        #expect(try fixture.store.consistencyProblems().isEmpty)
    }

    @Test("Removing a document removes its chunks and matches; renaming refuses a taken path; touching keeps the version", arguments: StoreBackend.all)
    func removeRenameTouch(_ backend: StoreBackend) throws {
        let fixture = try ContractStore(backend)
        let kept = try fixture.add("/kept.txt", ["Indexes speed up lookups."])
        let gone = try fixture.add("/gone.txt", ["Sequences generate identifiers."])
        try fixture.store.removeDocument(id: gone)
        #expect(try fixture.store.document(id: gone) == nil)
        #expect(try fixture.store.chunks(documentID: gone).isEmpty)
        #expect(try fixture.lexicalPaths("sequences").isEmpty)
        #expect(try fixture.store.chunkCount() == 1)

        let other = try fixture.add("/other.txt", ["Triggers fire on events."])
        #expect(try fixture.store.renameDocument(id: kept, to: "/other.txt", size: 1, mtime: 2) == false)
        #expect(try fixture.store.document(id: kept)?.path == "/kept.txt")
        #expect(try fixture.store.renameDocument(id: kept, to: "/moved.txt", size: 25, mtime: 3))
        #expect(try fixture.lexicalPaths("indexes") == ["/moved.txt"])

        let before = try #require(try fixture.store.document(id: other))
        try fixture.store.touchDocument(id: other, size: 99, mtime: 42)
        let after = try #require(try fixture.store.document(id: other))
        #expect(after.size == 99 && after.mtime == 42 && after.versionID == before.versionID)
        #expect(try fixture.store.consistencyProblems().isEmpty)
    }

    @Test("Access groups: nil sees everything, [] only unrestricted documents, a group its own and unrestricted ones", arguments: StoreBackend.all)
    func accessGroups(_ backend: StoreBackend) throws {
        let fixture = try ContractStore(backend)
        let open = try fixture.add("/open.txt", ["Public holiday calendar."])
        let hr = try fixture.add("/hr.txt", ["Salary bands by holiday seniority."], groups: ["hr"])
        let legal = try fixture.add("/legal.txt", ["Contract holiday clauses."], groups: ["legal"])

        #expect(Set(try fixture.store.documents(accessGroups: nil).map(\.id)) == [open, hr, legal])
        #expect(try fixture.store.documents(accessGroups: []).map(\.id) == [open])
        #expect(Set(try fixture.store.documents(accessGroups: ["hr"]).map(\.id)) == [open, hr])
        #expect(try fixture.store.document(id: legal, accessGroups: ["hr"]) == nil)
        #expect(try fixture.store.document(path: "/hr.txt", accessGroups: ["hr", "x"])?.id == hr)
        #expect(try fixture.store.chunkCount(accessGroups: ["legal"]) == 2)
        #expect(try fixture.store.document(id: hr)?.accessGroups == ["hr"])

        let asHR = SearchFilter(accessGroups: ["hr"])
        #expect(Set(try fixture.lexicalPaths("holiday", filter: asHR)) == ["/open.txt", "/hr.txt"])
        #expect(try fixture.lexicalPaths("holiday", filter: SearchFilter(accessGroups: [])) == ["/open.txt"])
        #expect(try fixture.store.matchCount(LexicalQuery("holiday"), filter: asHR) == 2)

        try fixture.store.setAccessGroups(documentID: open, groups: ["legal"])
        #expect(try fixture.store.documents(accessGroups: ["hr"]).map(\.id) == [hr])
        try fixture.store.setAccessGroups(documentID: legal, groups: [])
        #expect(Set(try fixture.store.documents(accessGroups: []).map(\.id)) == [legal])
    }

    @Test("Settings and remembered folders round-trip; nil removes a setting", arguments: StoreBackend.all)
    func settingsAndRoots(_ backend: StoreBackend) throws {
        let fixture = try ContractStore(backend)
        #expect(try fixture.store.setting("evidence_gate") == nil)
        try fixture.store.setSetting("evidence_gate", "{\"threshold\": 0.4}")
        #expect(try fixture.store.setting("evidence_gate") == "{\"threshold\": 0.4}")
        try fixture.store.setSetting("evidence_gate", "second")
        #expect(try fixture.store.setting("evidence_gate") == "second")
        try fixture.store.setSetting("evidence_gate", nil)
        #expect(try fixture.store.setting("evidence_gate") == nil)

        try fixture.store.addRoot("/b")
        try fixture.store.addRoot("/a")
        try fixture.store.addRoot("/b")
        #expect(try fixture.store.roots() == ["/a", "/b"])
    }
}
