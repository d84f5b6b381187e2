import FootnoteSQLite

/// Migrations are append-only: never edit one that has shipped.
extension SearchIndex {
    /// Every migration, in the order they are applied.
    static let migrations: [Migration] = [
        Migration(name: "001-documents-chunks-fts", sql: """
            CREATE TABLE roots(
                path TEXT PRIMARY KEY,
                added_at REAL NOT NULL
            );
            CREATE TABLE documents(
                id INTEGER PRIMARY KEY,
                path TEXT NOT NULL UNIQUE,
                format TEXT NOT NULL,
                title TEXT,
                size INTEGER NOT NULL,
                mtime REAL NOT NULL,
                current_version_id INTEGER
            );
            CREATE TABLE document_versions(
                id INTEGER PRIMARY KEY,
                document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
                path TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                format TEXT NOT NULL,
                title TEXT,
                canonical_text TEXT NOT NULL,
                page_marks TEXT NOT NULL DEFAULT '[]',
                heading_marks TEXT NOT NULL DEFAULT '[]',
                ingested_at REAL NOT NULL
            );
            CREATE INDEX document_versions_hash ON document_versions(content_hash);
            CREATE INDEX document_versions_document ON document_versions(document_id);
            CREATE TABLE chunks(
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                version_id INTEGER NOT NULL REFERENCES document_versions(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                start INTEGER NOT NULL,
                end INTEGER NOT NULL,
                page_start INTEGER,
                page_end INTEGER,
                heading_path TEXT NOT NULL,
                line_start INTEGER,
                line_end INTEGER,
                text TEXT NOT NULL,
                text_hash TEXT NOT NULL,
                token_count INTEGER NOT NULL
            );
            CREATE INDEX chunks_document ON chunks(document_id);
            CREATE INDEX chunks_version ON chunks(version_id);
            CREATE INDEX chunks_text_hash ON chunks(text_hash);
            -- One FTS5 row per chunk (rowid = chunks.id). Title and heading path are separate
            -- columns so bm25() can weight them; `cjk` holds overlapping bigrams of CJK runs,
            -- which unicode61 would otherwise keep as one unsearchable token per run.
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
                title, heading, body, cjk,
                tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER chunks_delete_fts AFTER DELETE ON chunks BEGIN
                DELETE FROM chunks_fts WHERE rowid = old.id;
            END;
            """),
        Migration(name: "002-embeddings", sql: """
            -- The one embedding model whose vectors this index holds.
            CREATE TABLE embedder(
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL,
                dimension INTEGER NOT NULL,
                checksum TEXT NOT NULL,
                created_at REAL NOT NULL
            );
            -- Vectors are content-addressed by the hash of the text that was embedded, so a chunk
            -- whose text did not change is never embedded again, across versions and documents.
            CREATE TABLE embeddings(
                input_hash TEXT PRIMARY KEY,
                vector BLOB NOT NULL,
                quantized BLOB,
                scale REAL
            ) WITHOUT ROWID;
            ALTER TABLE chunks ADD COLUMN embed_hash TEXT;
            CREATE INDEX chunks_embed_hash ON chunks(embed_hash);
            CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO meta(key, value) VALUES ('vector_generation', 0);
            """),
        Migration(name: "003-access-groups", sql: """
            -- Groups allowed to see a document. A document without rows here is visible to everyone.
            CREATE TABLE document_groups(
                document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                group_name TEXT NOT NULL,
                PRIMARY KEY (document_id, group_name)
            ) WITHOUT ROWID;
            CREATE INDEX document_groups_group ON document_groups(group_name);
            """),
        Migration(name: "004-vector-generation-triggers", sql: """
            -- Any change to the chunks bumps the generation, so the in-memory vector matrix knows to
            -- reload without counting rows on every search.
            CREATE TRIGGER chunks_generation_insert AFTER INSERT ON chunks BEGIN
                UPDATE meta SET value = value + 1 WHERE key = 'vector_generation';
            END;
            CREATE TRIGGER chunks_generation_delete AFTER DELETE ON chunks BEGIN
                UPDATE meta SET value = value + 1 WHERE key = 'vector_generation';
            END;
            CREATE TRIGGER chunks_generation_update AFTER UPDATE OF embed_hash ON chunks BEGIN
                UPDATE meta SET value = value + 1 WHERE key = 'vector_generation';
            END;
            """),
        Migration(name: "005-access-generation", sql: """
            -- Any change to who may see a document bumps the access generation, so the rows a group
            -- sees (the scope of its BM25 statistics) are recomputed only when they may have changed.
            INSERT INTO meta(key, value) VALUES ('access_generation', 0);
            CREATE TRIGGER document_groups_generation_insert AFTER INSERT ON document_groups BEGIN
                UPDATE meta SET value = value + 1 WHERE key = 'access_generation';
            END;
            CREATE TRIGGER document_groups_generation_delete AFTER DELETE ON document_groups BEGIN
                UPDATE meta SET value = value + 1 WHERE key = 'access_generation';
            END;
            """),
        Migration(name: "006-snowball-stemmer", sql: """
            -- The full-text table stems with Snowball English (Porter2, as bm25s and Lucene do) instead of
            -- the original Porter: the same text, re-tokenized. Indexes need the footnote_stem tokenizer
            -- registered on the connection (SearchIndex does; the sqlite3 shell can read the tables but
            -- cannot MATCH).
            DROP TRIGGER chunks_delete_fts;
            CREATE VIRTUAL TABLE chunks_fts_stemmed USING fts5(
                title, heading, body, cjk,
                tokenize = 'footnote_stem unicode61 remove_diacritics 2'
            );
            INSERT INTO chunks_fts_stemmed(rowid, title, heading, body, cjk)
                SELECT rowid, title, heading, body, cjk FROM chunks_fts;
            DROP TABLE chunks_fts;
            ALTER TABLE chunks_fts_stemmed RENAME TO chunks_fts;
            CREATE TRIGGER chunks_delete_fts AFTER DELETE ON chunks BEGIN
                DELETE FROM chunks_fts WHERE rowid = old.id;
            END;
            """),
        Migration(name: "007-settings", sql: """
            -- Settings fitted to this index and kept with it (the evidence gate `footnote calibrate --self`
            -- fits): a JSON document under a key, and when it was written.
            CREATE TABLE settings(
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at REAL NOT NULL
            ) WITHOUT ROWID;
            """),
    ]
}
