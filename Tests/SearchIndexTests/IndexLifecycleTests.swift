import FootnoteCore
import Foundation
import FootnoteSQLite
@testable import SearchIndex
@testable import KnowledgeStore
import Testing
import TestSupport

@Suite("Index lifecycle: migrations, versions, removal")
struct IndexLifecycleTests {
    @Test("Migrations are recorded once and reopening applies nothing twice")
    func migrations() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("i.sqlite").path
        let first = try SearchIndex(path: path).appliedMigrations()
        let second = try SearchIndex(path: path).appliedMigrations()
        #expect(first == SearchIndex.migrations.map(\.name))
        #expect(second == first)
    }

    @Test("A file migrated by a newer Footnote is refused with the unknown migration and the path named, and left as it was")
    func newerSchema() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("future.sqlite").path
        let index = try SearchIndex(path: path)
        try index.locked {
            try index.database.run("INSERT INTO footnote_migrations(name, applied_at) VALUES ('999-from-the-future', 0)")
        }
        do {
            _ = try SearchIndex(path: path)
            Issue.record("opened an index with an unknown migration")
        } catch let error as SQLiteError {
            #expect(error.description.contains("999-from-the-future") && error.description.contains(path), "\(error)")
        }
        #expect(try index.appliedMigrations().last == "999-from-the-future")
    }

    @Test("An index made with the Porter tokenizer is re-tokenized with Snowball on open, rows and triggers intact")
    func snowballMigration() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("old.sqlite").path
        do {
            // Turn a fresh index back into what migrations 001–005 left: the full-text table on Porter.
            let index = try SearchIndex(path: path)
            try index.writeVersion(IndexFixture.input(path: "/a.txt", title: nil, format: .text,
                                                      text: "The process is dying slowly.\n\nNews of the checkpoint."))
            try index.locked {
                try index.database.execute("""
                    DROP TRIGGER chunks_delete_fts;
                    CREATE VIRTUAL TABLE chunks_fts_porter USING fts5(title, heading, body, cjk, tokenize = 'porter unicode61 remove_diacritics 2');
                    INSERT INTO chunks_fts_porter(rowid, title, heading, body, cjk) SELECT rowid, title, heading, body, cjk FROM chunks_fts;
                    DROP TABLE chunks_fts;
                    ALTER TABLE chunks_fts_porter RENAME TO chunks_fts;
                    CREATE TRIGGER chunks_delete_fts AFTER DELETE ON chunks BEGIN DELETE FROM chunks_fts WHERE rowid = old.id; END;
                    DELETE FROM footnote_migrations WHERE name = '006-snowball-stemmer';
                    """)
            }
            // Porter stems "dying" to "dy": the word "die" does not find it.
            #expect(try index.lexicalSearch(LexicalQuery("die"), limit: 5).isEmpty)
        }
        let index = try SearchIndex(path: path)
        #expect(try index.appliedMigrations() == SearchIndex.migrations.map(\.name))
        let schema = try index.locked { try index.database.query("SELECT sql FROM sqlite_master WHERE name = 'chunks_fts'") { $0.text(0) }.first }
        #expect(schema?.contains("footnote_stem unicode61") == true, "\(schema ?? "no table")")
        // Snowball stems "dying" to "die"; both passages are still there, and deleting still cleans up.
        #expect(try index.lexicalSearch(LexicalQuery("die"), limit: 5).count == 1)
        #expect(try index.lexicalSearch(LexicalQuery("checkpoints"), limit: 5).count == 1)
        #expect(try index.consistencyProblems().isEmpty)
        let document = try #require(try index.document(path: "/a.txt"))
        try index.removeDocument(id: document.id)
        #expect(try index.lexicalSearch(LexicalQuery("news"), limit: 5).isEmpty)
        #expect(try index.consistencyProblems().isEmpty)
    }

    @Test("A new version replaces the chunks of the old one, and the old text stays citable")
    func versions() throws {
        let fixture = try IndexFixture()
        let id = try fixture.add(path: "/d.txt", text: "first version text\n\nsecond paragraph")
        let oldHash = try #require(try fixture.index.document(id: id)).contentHash
        try fixture.add(path: "/d.txt", text: "entirely new words")
        let document = try #require(try fixture.index.document(path: "/d.txt"))
        #expect(document.id == id)
        #expect(document.chunkCount == 1)
        #expect(try fixture.index.lexicalSearch(LexicalQuery("paragraph"), limit: 5).isEmpty)
        let old = try #require(try fixture.index.versions(hashPrefix: String(oldHash.prefix(12))).first)
        #expect(old.isCurrent == false)
        #expect(old.canonicalText.hasPrefix("first version"))
        #expect(try fixture.index.consistencyProblems().isEmpty)
    }

    @Test("Removing a document removes its chunks and full-text rows but keeps its versions")
    func removal() throws {
        let fixture = try IndexFixture()
        let id = try fixture.add(path: "/gone.txt", text: "ephemeral content")
        try fixture.add(path: "/kept.txt", text: "lasting content")
        try fixture.index.removeDocument(id: id)
        #expect(try fixture.index.document(path: "/gone.txt") == nil)
        #expect(try fixture.index.lexicalSearch(LexicalQuery("ephemeral"), limit: 5).isEmpty)
        #expect(try fixture.index.versions(hashPrefix: String(SHA256.hex("ephemeral content").prefix(12))).count == 1)
        #expect(try fixture.index.consistencyProblems().isEmpty)
        #expect(try fixture.index.statistics().documents == 1)
    }

    @Test("A rename keeps the document, its chunks and its citations")
    func rename() throws {
        let fixture = try IndexFixture()
        let id = try fixture.add(path: "/old/name.txt", text: "renamed body")
        try fixture.index.renameDocument(id: id, to: "/new/name.txt", size: 12, mtime: 5)
        let document = try #require(try fixture.index.document(path: "/new/name.txt"))
        #expect(document.id == id)
        let matches = try fixture.index.lexicalSearch(LexicalQuery("renamed"), limit: 1)
        #expect(try fixture.index.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil).first?.path == "/new/name.txt")
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test("Known digests (FIPS 180-4 examples)")
    func known() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1000)))
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
