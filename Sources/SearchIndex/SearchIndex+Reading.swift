import Foundation
import FootnoteSQLite
import FootnoteCore

extension SearchIndex {
    private static let documentColumns = """
        d.id, d.path, d.format, d.title, d.size, d.mtime, v.id, v.content_hash, v.ingested_at,
        (SELECT count(*) FROM chunks c WHERE c.document_id = d.id),
        (SELECT group_concat(group_name, char(10)) FROM
            (SELECT group_name FROM document_groups g WHERE g.document_id = d.id ORDER BY group_name))
        """

    private static func documentRecord(_ row: Statement) -> DocumentRecord {
        DocumentRecord(
            id: row.int64(0), path: row.text(1), format: DocumentFormat(rawValue: row.text(2)) ?? .text,
            title: row.optionalText(3), size: row.int64(4), mtime: row.double(5), versionID: row.int64(6),
            contentHash: row.text(7), ingestedAt: row.double(8), chunkCount: row.int(9),
            accessGroups: row.optionalText(10).map { $0.split(separator: "\n").map(String.init) } ?? [])
    }

    /// All documents, sorted by path; only those under `prefix`, and visible to `accessGroups`, when given.
    public func documents(under prefix: String?, accessGroups: [String]?) throws -> [DocumentRecord] {
        var sql = "SELECT \(Self.documentColumns) FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE 1"
        var values: [SQLValue] = []
        if let prefix {
            sql += " AND (d.path = ? OR substr(d.path, 1, ?) = ?)"
            let folder = prefix.hasSuffix("/") ? prefix : prefix + "/"
            values = [.text(prefix), .int(Int64(folder.unicodeScalars.count)), .text(folder)]
        }
        if let accessGroups {
            let (accessSQL, accessValues) = Self.accessClause(accessGroups)
            sql += " AND " + accessSQL
            values += accessValues
        }
        sql += " ORDER BY d.path"
        return try locked { try database.query(sql, values, row: Self.documentRecord) }
    }

    /// The document stored at exactly `path`, if any (and if visible to `accessGroups`, when given).
    public func document(path: String, accessGroups: [String]?) throws -> DocumentRecord? {
        try document(where: "d.path = ?", [.text(path)], accessGroups: accessGroups)
    }

    /// The document with this id, if any (and if visible to `accessGroups`, when given).
    public func document(id: Int64, accessGroups: [String]?) throws -> DocumentRecord? {
        try document(where: "d.id = ?", [.int(id)], accessGroups: accessGroups)
    }

    private func document(where condition: String, _ values: [SQLValue], accessGroups: [String]?) throws -> DocumentRecord? {
        var sql = "SELECT \(Self.documentColumns) FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE \(condition)"
        var values = values
        if let accessGroups {
            let (accessSQL, accessValues) = Self.accessClause(accessGroups)
            sql += " AND " + accessSQL
            values += accessValues
        }
        return try locked { try database.query(sql, values, row: Self.documentRecord).first }
    }

    /// A document's chunks in reading order.
    public func chunks(documentID: Int64) throws -> [ChunkRecord] {
        try locked {
            try database.query("""
                SELECT id, document_id, ordinal, start, end, page_start, page_end, heading_path, line_start, line_end,
                       text, text_hash, token_count
                FROM chunks WHERE document_id = ? ORDER BY ordinal
                """, [.int(documentID)]) { row in
                ChunkRecord(
                    id: row.int64(0), documentID: row.int64(1), ordinal: row.int(2),
                    span: SourceSpan(
                        start: row.int(3), end: row.int(4), pageStart: row.optionalInt(5), pageEnd: row.optionalInt(6),
                        headingPath: Self.decodeHeadingPath(row.text(7)),
                        lineStart: row.optionalInt(8), lineEnd: row.optionalInt(9)),
                    text: row.text(10), textHash: row.text(11), tokenCount: row.int(12))
            }
        }
    }

    /// Versions whose content hash starts with `prefix`, newest first (current ones before old ones).
    public func versions(hashPrefix prefix: String) throws -> [VersionRecord] {
        let decoder = JSONDecoder()
        return try locked {
            try database.query("""
                SELECT v.id, v.document_id, d.current_version_id = v.id, v.path, v.format, v.title, v.content_hash,
                       v.canonical_text, v.page_marks, v.heading_marks, v.ingested_at
                FROM document_versions v LEFT JOIN documents d ON d.id = v.document_id
                WHERE substr(v.content_hash, 1, ?) = ?
                ORDER BY (d.current_version_id = v.id) DESC, v.ingested_at DESC
                """, [.int(Int64(prefix.count)), .text(prefix.lowercased())]) { row in
                Self.versionRecord(row, decoder: decoder)
            }
        }
    }

    /// Documents (by id and path) whose current version has this content hash.
    public func documents(withContentHash hash: String) throws -> [DocumentRecord] {
        try locked {
            try database.query("""
                SELECT \(Self.documentColumns) FROM documents d JOIN document_versions v ON v.id = d.current_version_id
                WHERE v.content_hash = ?
                """, [.text(hash)], row: Self.documentRecord)
        }
    }

    /// How many chunks (passages) the index holds, or those a caller in `accessGroups` may see: one
    /// count, for IDF weights on the ask path.
    public func chunkCount(accessGroups: [String]?) throws -> Int {
        try locked {
            guard let accessGroups else { return Int(try database.scalarInt("SELECT count(*) FROM chunks") ?? 0) }
            let (accessSQL, values) = Self.accessClause(accessGroups)
            return Int(try database.scalarInt(
                "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE \(accessSQL)", values) ?? 0)
        }
    }

    /// Counts by format, versions, chunks and the file size.

    public func statistics() throws -> IndexStatistics {
        try locked {
            let documents = try database.scalarInt("SELECT count(*) FROM documents") ?? 0
            let versions = try database.scalarInt("SELECT count(*) FROM document_versions") ?? 0
            let chunks = try database.scalarInt("SELECT count(*) FROM chunks") ?? 0
            var documentsByFormat: [String: Int] = [:]
            for (format, count) in try database.query("SELECT format, count(*) FROM documents GROUP BY format", row: { ($0.text(0), $0.int(1)) }) {
                documentsByFormat[format] = count
            }
            var chunksByFormat: [String: Int] = [:]
            for (format, count) in try database.query(
                "SELECT d.format, count(*) FROM chunks c JOIN documents d ON d.id = c.document_id GROUP BY d.format",
                row: { ($0.text(0), $0.int(1)) }) {
                chunksByFormat[format] = count
            }
            let pageCount = try database.scalarInt("PRAGMA page_count") ?? 0
            let pageSize = try database.scalarInt("PRAGMA page_size") ?? 0
            let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? 0
            return IndexStatistics(
                documents: Int(documents), versions: Int(versions), chunks: Int(chunks),
                documentsByFormat: documentsByFormat, chunksByFormat: chunksByFormat,
                fileBytes: pageCount * pageSize + walSize, embeddedChunks: 0, embedder: nil)
        }
    }

    /// A version row: id, document id, is current, path, format, title, content hash, canonical text, page
    /// marks, heading marks, ingest time (marks that do not decode read as none).
    static func versionRecord(_ row: Statement, decoder: JSONDecoder) -> VersionRecord {
        VersionRecord(
            id: row.int64(0), documentID: row.isNull(1) ? nil : row.int64(1), isCurrent: row.int(2) == 1,
            path: row.text(3), format: DocumentFormat(rawValue: row.text(4)) ?? .text, title: row.optionalText(5),
            contentHash: row.text(6), canonicalText: row.text(7),
            pages: (try? decoder.decode([PageMark].self, from: Data(row.text(8).utf8))) ?? [],
            headings: (try? decoder.decode([HeadingMark].self, from: Data(row.text(9).utf8))) ?? [],
            ingestedAt: row.double(10))
    }

    static func decodeHeadingPath(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}

extension SearchIndex {
    /// Chunk id → document path for every chunk (used by evaluation to group passages into documents).
    public func chunkDocumentPaths() throws -> [Int64: String] {
        try locked {
            let rows = try database.query("SELECT c.id, d.path FROM chunks c JOIN documents d ON d.id = c.document_id") {
                ($0.int64(0), $0.text(1))
            }
            return Dictionary(rows, uniquingKeysWith: { first, _ in first })
        }
    }
}
