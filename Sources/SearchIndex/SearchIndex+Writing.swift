import Foundation
import FootnoteSQLite
import FootnoteCore
import KnowledgeStore

extension SearchIndex {
    /// Writes a new version of the document at `input.path` (creating the document if needed)
    /// in one transaction: the version, its chunks and their full-text rows, then makes it current
    /// and drops the previous version's chunks. Returns the document id.
    @discardableResult
    public func writeVersion(_ input: DocumentVersionInput) throws -> Int64 {
        try write(input, unlessCurrent: false).documentID
    }

    /// Like `writeVersion`, except that when the document at `input.path` already has a current version
    /// with `input.contentHash` (stored meanwhile by another writer, e.g. a second `footnote add` on the
    /// same index) nothing is written. The check runs inside the write transaction (`BEGIN IMMEDIATE`),
    /// so two writers never both store the same content; a path the other writer created meanwhile
    /// gets a new version (`updated`), never a second document.
    public func writeVersionUnlessCurrent(_ input: DocumentVersionInput) throws -> VersionWriteOutcome {
        try write(input, unlessCurrent: true)
    }

    private func write(_ input: DocumentVersionInput, unlessCurrent: Bool) throws -> VersionWriteOutcome {
        let encoder = JSONEncoder()
        let pages = String(decoding: try encoder.encode(input.document.pages), as: UTF8.self)
        let headings = String(decoding: try encoder.encode(input.document.headings), as: UTF8.self)
        let now = Date().timeIntervalSince1970
        let doc = input.document
        return try locked {
            try database.transaction {
                let current = try database.query("""
                    SELECT d.id, v.content_hash FROM documents d LEFT JOIN document_versions v ON v.id = d.current_version_id
                    WHERE d.path = ?
                    """, [.text(input.path)]) { row in (id: row.int64(0), hash: row.isNull(1) ? nil : row.text(1)) }.first
                if let current, unlessCurrent, current.hash == input.contentHash {
                    return .unchanged(documentID: current.id)
                }
                let documentID: Int64
                if let current {
                    documentID = current.id
                    try database.run("DELETE FROM chunks WHERE document_id = ?", [.int(documentID)])
                    try database.run(
                        "UPDATE documents SET format = ?, title = ?, size = ?, mtime = ? WHERE id = ?",
                        [.text(doc.format.rawValue), .optional(doc.title), .int(input.size), .double(input.mtime), .int(documentID)])
                } else {
                    try database.run(
                        "INSERT INTO documents(path, format, title, size, mtime) VALUES (?, ?, ?, ?, ?)",
                        [.text(input.path), .text(doc.format.rawValue), .optional(doc.title), .int(input.size), .double(input.mtime)])
                    documentID = database.lastInsertRowID
                }
                try database.run("""
                    INSERT INTO document_versions(document_id, path, content_hash, format, title, canonical_text,
                                                  page_marks, heading_marks, ingested_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.int(documentID), .text(input.path), .text(input.contentHash), .text(doc.format.rawValue),
                     .optional(doc.title), .text(doc.text), .text(pages), .text(headings), .double(now)])
                let versionID = database.lastInsertRowID
                try insertChunks(input.chunks, documentID: documentID, versionID: versionID, title: doc.title)
                try replaceGroups(documentID: documentID, groups: input.accessGroups)
                try database.run("UPDATE documents SET current_version_id = ? WHERE id = ?", [.int(versionID), .int(documentID)])
                return current == nil ? .created(documentID: documentID) : .updated(documentID: documentID)
            }
        }
    }

    func insertChunks(_ chunks: [ChunkDraft], documentID: Int64, versionID: Int64, title: String?) throws {
        let encoder = JSONEncoder()
        let insertChunk = try database.prepare("""
            INSERT INTO chunks(document_id, version_id, ordinal, start, end, page_start, page_end, heading_path,
                               line_start, line_end, text, text_hash, token_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertFTS = try database.prepare(
            "INSERT INTO chunks_fts(rowid, title, heading, body, cjk) VALUES (?, ?, ?, ?, ?)")
        for chunk in chunks {
            let span = chunk.span
            let headingJSON = String(decoding: try encoder.encode(span.headingPath), as: UTF8.self)
            try insertChunk.bind([
                .int(documentID), .int(versionID), .int(Int64(chunk.ordinal)), .int(Int64(span.start)), .int(Int64(span.end)),
                .optional(span.pageStart), .optional(span.pageEnd), .text(headingJSON),
                .optional(span.lineStart), .optional(span.lineEnd), .text(chunk.text),
                .text(SHA256.hex(chunk.text)), .int(Int64(chunk.tokenCount)),
            ])
            try insertChunk.runToEnd()
            let chunkID = database.lastInsertRowID
            let cjk = CJKBigrams.indexText(for: [title ?? "", span.headingPath.joined(separator: " "), chunk.text].joined(separator: " "))
            try insertFTS.bind([
                .int(chunkID), .optional(title), .text(span.headingPath.joined(separator: " › ")),
                .text(chunk.text), .text(cjk),
            ])
            try insertFTS.runToEnd()
        }
    }

    func replaceGroups(documentID: Int64, groups: [String]) throws {
        try database.run("DELETE FROM document_groups WHERE document_id = ?", [.int(documentID)])
        for group in Set(groups) {
            try database.run("INSERT INTO document_groups(document_id, group_name) VALUES (?, ?)", [.int(documentID), .text(group)])
        }
    }

    /// Sets the groups allowed to see a document (empty: everyone).
    public func setAccessGroups(documentID: Int64, groups: [String]) throws {
        try locked { try database.transaction { try replaceGroups(documentID: documentID, groups: groups) } }
    }

    /// Records a new size and modification time for a document whose content did not change.
    public func touchDocument(id: Int64, size: Int64, mtime: Double) throws {
        try locked {
            try database.run("UPDATE documents SET size = ?, mtime = ? WHERE id = ?", [.int(size), .double(mtime), .int(id)])
        }
    }

    /// Moves a document to a new path (a rename detected by content hash): no re-processing. Returns false,
    /// changing nothing, when another document already has `newPath` (another writer indexed it meanwhile).
    @discardableResult
    public func renameDocument(id: Int64, to newPath: String, size: Int64, mtime: Double) throws -> Bool {
        try locked {
            try database.transaction {
                let taken = try database.scalarInt("SELECT id FROM documents WHERE path = ? AND id <> ?", [.text(newPath), .int(id)])
                guard taken == nil else { return false }
                try database.run("UPDATE documents SET path = ?, size = ?, mtime = ? WHERE id = ?",
                                 [.text(newPath), .int(size), .double(mtime), .int(id)])
                try database.run("""
                    UPDATE document_versions SET path = ?
                    WHERE id = (SELECT current_version_id FROM documents WHERE id = ?)
                    """, [.text(newPath), .int(id)])
                return true
            }
        }
    }

    /// Removes a document and its chunks. Its versions' texts stay, so old citations still resolve.
    public func removeDocument(id: Int64) throws {
        try locked {
            try database.transaction {
                try database.run("DELETE FROM chunks WHERE document_id = ?", [.int(id)])
                try database.run("DELETE FROM documents WHERE id = ?", [.int(id)])
            }
        }
    }

    /// Remembers a folder or file given to `footnote add`, so that `footnote sync` can rescan it.
    public func addRoot(_ path: String) throws {
        try locked {
            try database.run("INSERT OR IGNORE INTO roots(path, added_at) VALUES (?, ?)",
                             [.text(path), .double(Date().timeIntervalSince1970)])
        }
    }

    /// The folders and files recorded by `addRoot`, sorted.
    public func roots() throws -> [String] {
        try locked { try database.query("SELECT path FROM roots ORDER BY path") { $0.text(0) } }
    }
}
