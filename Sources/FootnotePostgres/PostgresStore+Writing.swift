import Foundation
import FootnoteCore
import KnowledgeStore

extension PostgresStore {
    /// Writes a new current version of the document at `input.path` (creating the document when new) in one
    /// transaction: the version, its chunks and their postings, then makes it current and drops the previous
    /// version's chunks. Returns the document id.
    @discardableResult
    public func writeVersion(_ input: DocumentVersionInput) throws -> Int64 {
        try write(input, unlessCurrent: false).documentID
    }

    /// Like `writeVersion`, but writes nothing when the current version already has `input.contentHash`.
    /// The check runs inside the write transaction, after the path's advisory lock: two writers of one path
    /// never both store the same content, and a path created meanwhile gets a new version, not a second document.
    public func writeVersionUnlessCurrent(_ input: DocumentVersionInput) throws -> VersionWriteOutcome {
        try write(input, unlessCurrent: true)
    }

    private func write(_ input: DocumentVersionInput, unlessCurrent: Bool) throws -> VersionWriteOutcome {
        let encoder = JSONEncoder()
        let pages = String(decoding: try encoder.encode(input.document.pages), as: UTF8.self)
        let headings = String(decoding: try encoder.encode(input.document.headings), as: UTF8.self)
        let now = Date().timeIntervalSince1970
        let doc = input.document
        return try inTransaction { connection in
            // Two writers of one path serialise here (READ COMMITTED: the statements after the lock see what
            // the first writer committed). Keyed by schema too, so stores in other schemas never wait.
            _ = try connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext($1))", [.text(input.path)])
            let current = try connection.query("""
                SELECT d.id, v.content_hash FROM documents d LEFT JOIN document_versions v ON v.id = d.current_version_id
                WHERE d.path = $1
                """, [.text(input.path)]).first.map { (id: try $0.int64(0), hash: $0.optionalText(1)) }
            if let current, unlessCurrent, current.hash == input.contentHash {
                return .unchanged(documentID: current.id)
            }
            let documentID: Int64
            if let current {
                documentID = current.id
                try connection.run("DELETE FROM chunks WHERE document_id = $1", [.int(documentID)])
                try connection.run(
                    "UPDATE documents SET format = $1, title = $2, size = $3, mtime = $4 WHERE id = $5",
                    [.text(doc.format.rawValue), .optional(doc.title), .int(input.size), .double(input.mtime), .int(documentID)])
            } else {
                documentID = try Self.insertedID(connection, """
                    INSERT INTO documents(path, format, title, size, mtime) VALUES ($1, $2, $3, $4, $5) RETURNING id
                    """, [.text(input.path), .text(doc.format.rawValue), .optional(doc.title), .int(input.size), .double(input.mtime)])
            }
            let versionID = try Self.insertedID(connection, """
                INSERT INTO document_versions(document_id, path, content_hash, format, title, canonical_text,
                                              page_marks, heading_marks, ingested_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
                """,
                [.int(documentID), .text(input.path), .text(input.contentHash), .text(doc.format.rawValue),
                 .optional(doc.title), .text(doc.text), .text(pages), .text(headings), .double(now)])
            try insertChunks(input.chunks, documentID: documentID, versionID: versionID, title: doc.title, on: connection)
            try Self.replaceGroups(documentID: documentID, groups: input.accessGroups, on: connection)
            try connection.run("UPDATE documents SET current_version_id = $1 WHERE id = $2", [.int(versionID), .int(documentID)])
            return current == nil ? .created(documentID: documentID) : .updated(documentID: documentID)
        }
    }

    /// Inserts the chunks and, right after each, its postings over exactly the four texts the SQLite index
    /// puts into `chunks_fts` (title, heading path, body, CJK bigrams), so both stores count the same tokens.
    func insertChunks(
        _ chunks: [ChunkDraft], documentID: Int64, versionID: Int64, title: String?, on connection: PostgresConnection
    ) throws {
        let encoder = JSONEncoder()
        for chunk in chunks {
            let span = chunk.span
            let headingJSON = String(decoding: try encoder.encode(span.headingPath), as: UTF8.self)
            let chunkID = try Self.insertedID(connection, """
                INSERT INTO chunks(document_id, version_id, ordinal, start_offset, end_offset, page_start, page_end,
                                   heading_path, line_start, line_end, text, text_hash, token_count)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
                """, [
                    .int(documentID), .int(versionID), .int(Int64(chunk.ordinal)), .int(Int64(span.start)), .int(Int64(span.end)),
                    .optional(span.pageStart), .optional(span.pageEnd), .text(headingJSON),
                    .optional(span.lineStart), .optional(span.lineEnd), .text(chunk.text),
                    .text(SHA256.hex(chunk.text)), .int(Int64(chunk.tokenCount)),
                ])
            let cjk = CJKBigrams.indexText(for: [title ?? "", span.headingPath.joined(separator: " "), chunk.text].joined(separator: " "))
            try writePostings(
                chunkID: chunkID, columns: [title ?? "", span.headingPath.joined(separator: " › "), chunk.text, cjk], on: connection)
        }
    }

    /// The id an `INSERT … RETURNING id` produced.
    static func insertedID(_ connection: PostgresConnection, _ sql: String, _ values: [PostgresValue]) throws -> Int64 {
        guard let row = try connection.query(sql, values).first else {
            throw PostgresError.failed(operation: "insert a row", message: "no id returned", sqlState: nil, sql: sql)
        }
        return try row.int64(0)
    }

    static func replaceGroups(documentID: Int64, groups: [String], on connection: PostgresConnection) throws {
        try connection.run("DELETE FROM document_groups WHERE document_id = $1", [.int(documentID)])
        guard !groups.isEmpty else { return }
        try connection.run("""
            INSERT INTO document_groups(document_id, group_name) SELECT $1, g FROM unnest($2::text[]) AS g
            ON CONFLICT DO NOTHING
            """, [.int(documentID), .textArray(Array(Set(groups)).sorted())])
    }

    /// Replaces the groups allowed to see a document (empty: everyone).
    public func setAccessGroups(documentID: Int64, groups: [String]) throws {
        try inTransaction { try Self.replaceGroups(documentID: documentID, groups: groups, on: $0) }
    }

    /// Records a new size and modification time for a document whose content did not change.
    public func touchDocument(id: Int64, size: Int64, mtime: Double) throws {
        try withConnection {
            try $0.run("UPDATE documents SET size = $1, mtime = $2 WHERE id = $3", [.int(size), .double(mtime), .int(id)])
        }
    }

    /// Moves a document to a new path (a rename detected by content hash). Returns false, changing nothing,
    /// when another document already has `newPath`, also when another writer takes it at the same moment
    /// (the unique index refuses, and the transaction rolls back).
    @discardableResult
    public func renameDocument(id: Int64, to newPath: String, size: Int64, mtime: Double) throws -> Bool {
        do {
            return try inTransaction { connection in
                let taken = try connection.scalarInt(
                    "SELECT id FROM documents WHERE path = $1 AND id <> $2", [.text(newPath), .int(id)])
                guard taken == nil else { return false }
                try connection.run("UPDATE documents SET path = $1, size = $2, mtime = $3 WHERE id = $4",
                                   [.text(newPath), .int(size), .double(mtime), .int(id)])
                try connection.run("""
                    UPDATE document_versions SET path = $1
                    WHERE id = (SELECT current_version_id FROM documents WHERE id = $2)
                    """, [.text(newPath), .int(id)])
                return true
            }
        } catch let error as PostgresError where error.sqlState == "23505" {
            return false
        }
    }

    /// Removes a document and its chunks (postings go with them). Its versions' texts stay, so old citations resolve.
    public func removeDocument(id: Int64) throws {
        try inTransaction { connection in
            try connection.run("DELETE FROM chunks WHERE document_id = $1", [.int(id)])
            try connection.run("DELETE FROM documents WHERE id = $1", [.int(id)])
        }
    }

    /// Remembers a folder or file given to `footnote add`, so that `footnote sync` can rescan it.
    public func addRoot(_ path: String) throws {
        try withConnection {
            try $0.run("INSERT INTO roots(path, added_at) VALUES ($1, $2) ON CONFLICT (path) DO NOTHING",
                       [.text(path), .double(Date().timeIntervalSince1970)])
        }
    }

    /// The folders and files recorded by `addRoot`, sorted bytewise (as SQLite sorts).
    public func roots() throws -> [String] {
        try withConnection { try $0.query("SELECT path FROM roots ORDER BY path COLLATE \"C\"").map { try $0.text(0) } }
    }
}
