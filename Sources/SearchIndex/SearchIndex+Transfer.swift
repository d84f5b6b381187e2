import Foundation
import FootnoteSQLite
import FootnoteCore
import KnowledgeStore

/// Export and import of a whole knowledge base as it is (`footnote migrate`): the rows another store needs to
/// rebuild this one without parsing or embedding, and the writes that rebuild one from another store's rows.
extension SearchIndex {
    /// Hashes per `IN (…)` statement when reading vectors (far below SQLite's 32766 parameters).
    private static let transferBatchSize = 500

    /// Versions of document `documentID` (nil: of removed documents) with an id above `afterID`, by id.
    public func versions(documentID: Int64?, afterID: Int64, limit: Int) throws -> [VersionRecord] {
        let owner = documentID == nil ? "v.document_id IS NULL" : "v.document_id = ?"
        let values: [SQLValue] = (documentID.map { [.int($0)] } ?? []) + [.int(afterID), .int(Int64(max(0, limit)))]
        let decoder = JSONDecoder()
        return try locked {
            try database.query("""
                SELECT v.id, v.document_id, coalesce(d.current_version_id = v.id, 0), v.path, v.format, v.title, v.content_hash,
                       v.canonical_text, v.page_marks, v.heading_marks, v.ingested_at
                FROM document_versions v LEFT JOIN documents d ON d.id = v.document_id
                WHERE \(owner) AND v.id > ? ORDER BY v.id LIMIT ?
                """, values) { row in
                Self.versionRecord(row, decoder: decoder)
            }
        }
    }

    /// Chunk id → embedder input hash for the document's chunks that have a vector.
    public func embedHashes(documentID: Int64) throws -> [Int64: String] {
        try locked {
            let rows = try database.query(
                "SELECT id, embed_hash FROM chunks WHERE document_id = ? AND embed_hash IS NOT NULL", [.int(documentID)]) {
                ($0.int64(0), $0.text(1))
            }
            return Dictionary(rows, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The float32 vectors stored under `hashes` (the int8 copies are derived from them when stored again).
    public func vectors(inputHashes hashes: [String]) throws -> [String: [Float]] {
        var found: [String: [Float]] = [:]
        try locked {
            for start in stride(from: 0, to: hashes.count, by: Self.transferBatchSize) {
                let batch = Array(hashes[start..<min(start + Self.transferBatchSize, hashes.count)])
                let rows = try database.query(
                    "SELECT input_hash, vector FROM embeddings WHERE input_hash IN (\(batch.map { _ in "?" }.joined(separator: ",")))",
                    batch.map { .text($0) }) { row in
                    (row.text(0), row.withBlob(1) { bytes in
                        let count = bytes.count / MemoryLayout<Float>.size
                        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                            if let base = buffer.baseAddress { VectorCodec.decode(bytes, into: base, count: count) }
                            initialized = count
                        }
                    })
                }
                for (hash, vector) in rows { found[hash] = vector }
            }
        }
        return found
    }

    /// Every setting, by key.
    public func settings() throws -> [String: String] {
        try locked {
            let rows = try database.query("SELECT key, value FROM settings") { ($0.text(0), $0.text(1)) }
            return Dictionary(rows, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Writes a document as another store held it, in one transaction, through the same chunk and full-text
    /// writes as `writeVersion`; refuses a path that is taken.
    @discardableResult
    public func importDocument(_ document: DocumentImport) throws -> Int64 {
        guard let current = document.versions.last else { throw StoreTransferError.noVersions(path: document.path) }
        return try locked {
            try database.transaction {
                if try database.scalarInt("SELECT id FROM documents WHERE path = ?", [.text(document.path)]) != nil {
                    throw StoreTransferError.documentExists(path: document.path, location: path)
                }
                try database.run(
                    "INSERT INTO documents(path, format, title, size, mtime) VALUES (?, ?, ?, ?, ?)",
                    [.text(document.path), .text(current.format.rawValue), .optional(current.title), .int(document.size),
                     .double(document.mtime)])
                let documentID = database.lastInsertRowID
                var versionID: Int64 = 0
                for version in document.versions { versionID = try insertVersion(version, documentID: documentID) }
                try insertChunks(document.chunks.map(\.draft), documentID: documentID, versionID: versionID, title: current.title)
                try linkImportedChunks(document.chunks, versionID: versionID)
                try replaceGroups(documentID: documentID, groups: document.accessGroups)
                try database.run("UPDATE documents SET current_version_id = ? WHERE id = ?", [.int(versionID), .int(documentID)])
                return documentID
            }
        }
    }

    /// Writes versions of removed documents, owned by no document, in one transaction.
    public func importDetachedVersions(_ versions: [VersionRecord]) throws {
        guard !versions.isEmpty else { return }
        try locked {
            try database.transaction {
                for version in versions { try insertVersion(version, documentID: nil) }
            }
        }
    }

    /// Inserts one version row with the source's hash, text, marks and ingest time; returns its id.
    @discardableResult
    private func insertVersion(_ version: VersionRecord, documentID: Int64?) throws -> Int64 {
        let encoder = JSONEncoder()
        let pages = String(decoding: try encoder.encode(version.pages), as: UTF8.self)
        let headings = String(decoding: try encoder.encode(version.headings), as: UTF8.self)
        try database.run("""
            INSERT INTO document_versions(document_id, path, content_hash, format, title, canonical_text,
                                          page_marks, heading_marks, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [documentID.map { .int($0) } ?? .null, .text(version.path), .text(version.contentHash), .text(version.format.rawValue),
             .optional(version.title), .text(version.canonicalText), .text(pages), .text(headings), .double(version.ingestedAt)])
        return database.lastInsertRowID
    }

    /// Links the chunks `insertChunks` just wrote (ids ascend in insertion order) to their vectors' input hashes.
    private func linkImportedChunks(_ chunks: [ImportedChunk], versionID: Int64) throws {
        guard chunks.contains(where: { $0.embedHash != nil }) else { return }
        let ids = try database.query("SELECT id FROM chunks WHERE version_id = ? ORDER BY id", [.int(versionID)]) { $0.int64(0) }
        let link = try database.prepare("UPDATE chunks SET embed_hash = ? WHERE id = ?")
        for (chunkID, chunk) in zip(ids, chunks) {
            guard let hash = chunk.embedHash else { continue }
            try link.bind([.text(hash), .int(chunkID)])
            try link.runToEnd()
        }
    }
}
