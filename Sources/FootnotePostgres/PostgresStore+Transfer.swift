import Foundation
import FootnoteCore
import KnowledgeStore

/// Export and import of a whole knowledge base as it is (`footnote migrate`): the rows another store needs to
/// rebuild this one without parsing or embedding, and the writes that rebuild one from another store's rows.
extension PostgresStore {
    /// Versions of document `documentID` (nil: of removed documents) with an id above `afterID`, by id.
    public func versions(documentID: Int64?, afterID: Int64, limit: Int) throws -> [VersionRecord] {
        let owner = documentID == nil ? "v.document_id IS NULL AND $1::bigint IS NULL" : "v.document_id = $1"
        let decoder = JSONDecoder()
        return try withConnection { connection in
            try connection.query("""
                \(Self.versionSelect)
                WHERE \(owner) AND v.id > $2 ORDER BY v.id LIMIT $3
                """, [documentID.map { .int($0) } ?? .null, .int(afterID), .int(Int64(max(0, limit)))]).map { row in
                try Self.versionRecord(row, decoder: decoder)
            }
        }
    }

    /// Chunk id → embedder input hash for the document's chunks that have a vector.
    public func embedHashes(documentID: Int64) throws -> [Int64: String] {
        try withConnection { connection in
            let rows = try connection.query(
                "SELECT id, embed_hash FROM chunks WHERE document_id = $1 AND embed_hash IS NOT NULL", [.int(documentID)])
            return Dictionary(try rows.map { (try $0.int64(0), try $0.text(1)) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The vectors stored under `hashes`, read from pgvector's text form (each float in its shortest spelling
    /// that reads back to the same float, so nothing is lost).
    public func vectors(inputHashes hashes: [String]) throws -> [String: [Float]] {
        var found: [String: [Float]] = [:]
        try withConnection { connection in
            for start in stride(from: 0, to: hashes.count, by: Self.vectorBatchSize) {
                let batch = Array(hashes[start..<min(start + Self.vectorBatchSize, hashes.count)])
                for row in try connection.query(
                    "SELECT input_hash, vector::text FROM embeddings WHERE input_hash = ANY($1::text[])", [.textArray(batch)]) {
                    found[try row.text(0)] = try Self.parseVector(try row.text(1), row: row)
                }
            }
        }
        return found
    }

    /// `[x,y,…]` → floats; a malformed literal is a `badValue` naming it.
    static func parseVector(_ literal: String, row: PostgresRow) throws -> [Float] {
        let body = literal.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        guard !body.isEmpty else { return [] }
        return try body.split(separator: ",").map { part in
            guard let value = Float(part.trimmingCharacters(in: .whitespaces)) else {
                throw PostgresError.badValue(column: 1, value: literal, expected: "a vector literal", sql: row.sql)
            }
            return value
        }
    }

    /// Every setting, by key.
    public func settings() throws -> [String: String] {
        try withConnection { connection in
            let rows = try connection.query("SELECT key, value FROM settings")
            return Dictionary(try rows.map { (try $0.text(0), try $0.text(1)) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Writes a document as another store held it, in one transaction, through the same chunk and postings
    /// writes as `writeVersion` (so lexical search finds it); refuses a path that is taken.
    @discardableResult
    public func importDocument(_ document: DocumentImport) throws -> Int64 {
        guard let current = document.versions.last else { throw StoreTransferError.noVersions(path: document.path) }
        return try inTransaction { connection in
            // The same per-path lock as `writeVersion`: a concurrent `add` of this path waits, then sees the import.
            _ = try connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext($1))", [.text(document.path)])
            if try connection.scalarInt("SELECT id FROM documents WHERE path = $1", [.text(document.path)]) != nil {
                throw StoreTransferError.documentExists(path: document.path, location: location)
            }
            let documentID = try Self.insertedID(connection, """
                INSERT INTO documents(path, format, title, size, mtime) VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [.text(document.path), .text(current.format.rawValue), .optional(current.title), .int(document.size),
                      .double(document.mtime)])
            var versionID: Int64 = 0
            for version in document.versions { versionID = try Self.insertVersion(version, documentID: documentID, on: connection) }
            try insertChunks(document.chunks.map(\.draft), documentID: documentID, versionID: versionID, title: current.title, on: connection)
            try Self.linkImportedChunks(document.chunks, versionID: versionID, on: connection)
            try Self.replaceGroups(documentID: documentID, groups: document.accessGroups, on: connection)
            try connection.run("UPDATE documents SET current_version_id = $1 WHERE id = $2", [.int(versionID), .int(documentID)])
            return documentID
        }
    }

    /// Writes versions of removed documents, owned by no document, in one transaction.
    public func importDetachedVersions(_ versions: [VersionRecord]) throws {
        guard !versions.isEmpty else { return }
        try inTransaction { connection in
            for version in versions { try Self.insertVersion(version, documentID: nil, on: connection) }
        }
    }

    /// Inserts one version row with the source's hash, text, marks and ingest time; returns its id.
    @discardableResult
    private static func insertVersion(_ version: VersionRecord, documentID: Int64?, on connection: PostgresConnection) throws -> Int64 {
        let encoder = JSONEncoder()
        let pages = String(decoding: try encoder.encode(version.pages), as: UTF8.self)
        let headings = String(decoding: try encoder.encode(version.headings), as: UTF8.self)
        return try insertedID(connection, """
            INSERT INTO document_versions(document_id, path, content_hash, format, title, canonical_text,
                                          page_marks, heading_marks, ingested_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
            """,
            [documentID.map { .int($0) } ?? .null, .text(version.path), .text(version.contentHash), .text(version.format.rawValue),
             .optional(version.title), .text(version.canonicalText), .text(pages), .text(headings), .double(version.ingestedAt)])
    }

    /// Links the chunks `insertChunks` just wrote (identity values ascend in insertion order within the
    /// transaction) to their vectors' input hashes, in one statement.
    private static func linkImportedChunks(_ chunks: [ImportedChunk], versionID: Int64, on connection: PostgresConnection) throws {
        guard chunks.contains(where: { $0.embedHash != nil }) else { return }
        let ids = try connection.query("SELECT id FROM chunks WHERE version_id = $1 ORDER BY id", [.int(versionID)]).map { try $0.int64(0) }
        let links = zip(ids, chunks).compactMap { id, chunk in chunk.embedHash.map { (id, $0) } }
        try connection.run("""
            UPDATE chunks c SET embed_hash = l.hash FROM unnest($1::bigint[], $2::text[]) AS l(id, hash) WHERE c.id = l.id
            """, [.intArray(links.map(\.0)), .textArray(links.map(\.1))])
    }
}
