import Foundation
import FootnoteCore
import KnowledgeStore

extension PostgresStore {
    private static let documentColumns = """
        d.id, d.path, d.format, d.title, d.size, d.mtime, v.id, v.content_hash, v.ingested_at,
        (SELECT count(*) FROM chunks c WHERE c.document_id = d.id),
        (SELECT string_agg(g.group_name, E'\\n' ORDER BY g.group_name COLLATE "C") FROM document_groups g WHERE g.document_id = d.id)
        """

    private static func documentRecord(_ row: PostgresRow) throws -> DocumentRecord {
        DocumentRecord(
            id: try row.int64(0), path: try row.text(1), format: DocumentFormat(rawValue: try row.text(2)) ?? .text,
            title: row.optionalText(3), size: try row.int64(4), mtime: try row.double(5), versionID: try row.int64(6),
            contentHash: try row.text(7), ingestedAt: try row.double(8), chunkCount: try row.int(9),
            accessGroups: row.optionalText(10).map { $0.split(separator: "\n").map(String.init) } ?? [])
    }

    /// Current documents sorted bytewise by path; only those under `prefix`, and visible to `accessGroups`, when given.
    public func documents(under prefix: String?, accessGroups: [String]?) throws -> [DocumentRecord] {
        var sql = "SELECT \(Self.documentColumns) FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE true"
        var values: [PostgresValue] = []
        if let prefix {
            let folder = prefix.hasSuffix("/") ? prefix : prefix + "/"
            sql += " AND (d.path = $1 OR starts_with(d.path, $2))"
            values = [.text(prefix), .text(folder)]
        }
        if let accessGroups {
            let access = Self.accessClause(accessGroups, startingAt: values.count + 1)
            sql += " AND " + access.sql
            values += access.values
        }
        sql += " ORDER BY d.path COLLATE \"C\""
        return try withConnection { try $0.query(sql, values).map(Self.documentRecord) }
    }

    /// The document stored at exactly `path`, if any (and if visible to `accessGroups`, when given).
    public func document(path: String, accessGroups: [String]?) throws -> DocumentRecord? {
        try document(where: "d.path = $1", .text(path), accessGroups: accessGroups)
    }

    /// The document with this id, if any (and if visible to `accessGroups`, when given).
    public func document(id: Int64, accessGroups: [String]?) throws -> DocumentRecord? {
        try document(where: "d.id = $1", .int(id), accessGroups: accessGroups)
    }

    private func document(where condition: String, _ value: PostgresValue, accessGroups: [String]?) throws -> DocumentRecord? {
        var sql = "SELECT \(Self.documentColumns) FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE \(condition)"
        var values = [value]
        if let accessGroups {
            let access = Self.accessClause(accessGroups, startingAt: 2)
            sql += " AND " + access.sql
            values += access.values
        }
        return try withConnection { try $0.query(sql, values).first.map(Self.documentRecord) }
    }

    /// A document's chunks in reading order.
    public func chunks(documentID: Int64) throws -> [ChunkRecord] {
        try withConnection { connection in
            try connection.query("""
                SELECT id, document_id, ordinal, start_offset, end_offset, page_start, page_end, heading_path,
                       line_start, line_end, text, text_hash, token_count
                FROM chunks WHERE document_id = $1 ORDER BY ordinal
                """, [.int(documentID)]).map { row in
                ChunkRecord(
                    id: try row.int64(0), documentID: try row.int64(1), ordinal: try row.int(2),
                    span: SourceSpan(
                        start: try row.int(3), end: try row.int(4), pageStart: try row.optionalInt(5), pageEnd: try row.optionalInt(6),
                        headingPath: Self.decodeHeadingPath(try row.text(7)),
                        lineStart: try row.optionalInt(8), lineEnd: try row.optionalInt(9)),
                    text: try row.text(10), textHash: try row.text(11), tokenCount: try row.int(12))
            }
        }
    }

    /// Versions whose content hash starts with `prefix`, current ones first, then newest first.
    public func versions(hashPrefix prefix: String) throws -> [VersionRecord] {
        let decoder = JSONDecoder()
        // LIKE with the prefix's own wildcards escaped, so the text_pattern_ops index serves it.
        let pattern = Self.likePattern(prefix.lowercased())
        return try withConnection { connection in
            try connection.query("""
                \(Self.versionSelect)
                WHERE v.content_hash LIKE $1
                ORDER BY coalesce(d.current_version_id = v.id, false) DESC, v.ingested_at DESC
                """, [.text(pattern)]).map { row in
                try Self.versionRecord(row, decoder: decoder)
            }
        }
    }

    /// How many current chunks there are, or how many a caller in `accessGroups` may see.
    public func chunkCount(accessGroups: [String]?) throws -> Int {
        try withConnection { connection in
            guard let accessGroups else { return Int(try connection.scalarInt("SELECT count(*) FROM chunks") ?? 0) }
            let access = Self.accessClause(accessGroups, startingAt: 1)
            return Int(try connection.scalarInt(
                "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE \(access.sql)", access.values) ?? 0)
        }
    }

    /// Chunk id → document path for every current chunk.
    public func chunkDocumentPaths() throws -> [Int64: String] {
        try withConnection { connection in
            let rows = try connection.query("SELECT c.id, d.path FROM chunks c JOIN documents d ON d.id = c.document_id")
            return Dictionary(try rows.map { (try $0.int64(0), try $0.text(1)) }, uniquingKeysWith: { first, _ in first })
        }
    }

    static func decodeHeadingPath(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    /// The columns `versionRecord` reads, from `document_versions v` and its document `d`.
    static let versionSelect = """
        SELECT v.id, v.document_id, coalesce(d.current_version_id = v.id, false), v.path, v.format, v.title,
               v.content_hash, v.canonical_text, v.page_marks, v.heading_marks, v.ingested_at
        FROM document_versions v LEFT JOIN documents d ON d.id = v.document_id
        """

    /// A row of `versionSelect` (marks that do not decode read as none).
    static func versionRecord(_ row: PostgresRow, decoder: JSONDecoder) throws -> VersionRecord {
        VersionRecord(
            id: try row.int64(0), documentID: try row.optionalInt64(1), isCurrent: try row.bool(2),
            path: try row.text(3), format: DocumentFormat(rawValue: try row.text(4)) ?? .text, title: row.optionalText(5),
            contentHash: try row.text(6), canonicalText: try row.text(7),
            pages: (try? decoder.decode([PageMark].self, from: Data(try row.text(8).utf8))) ?? [],
            headings: (try? decoder.decode([HeadingMark].self, from: Data(try row.text(9).utf8))) ?? [],
            ingestedAt: try row.double(10))
    }
}
