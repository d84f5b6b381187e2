import Foundation
import FootnoteCore

extension PostgresStore {
    /// Counts by format, versions, chunks, vectors and the store's size on disk, read in one snapshot.
    /// `fileBytes` is the size of the store's tables with their indexes and TOAST in its schema
    /// (`pg_total_relation_size`), not of the whole database, which other schemas may share.
    public func statistics() throws -> IndexStatistics {
        try withConnection { connection in
            try connection.transaction(readOnlySnapshot: true) {
                func count(_ sql: String) throws -> Int { Int(try connection.scalarInt(sql) ?? 0) }
                func byFormat(_ sql: String) throws -> [String: Int] {
                    Dictionary(try connection.query(sql).map { (try $0.text(0), try $0.int(1)) }, uniquingKeysWith: +)
                }
                let bytes = try connection.scalarInt("""
                    SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'm')
                    """) ?? 0
                return IndexStatistics(
                    documents: try count("SELECT count(*) FROM documents"),
                    versions: try count("SELECT count(*) FROM document_versions"),
                    chunks: try count("SELECT count(*) FROM chunks"),
                    documentsByFormat: try byFormat("SELECT format, count(*) FROM documents GROUP BY format"),
                    chunksByFormat: try byFormat(
                        "SELECT d.format, count(*) FROM chunks c JOIN documents d ON d.id = c.document_id GROUP BY d.format"),
                    fileBytes: bytes,
                    embeddedChunks: try count("SELECT count(*) FROM chunks WHERE embed_hash IS NOT NULL"),
                    embedder: try connection.query("SELECT name FROM embedder WHERE id = 1").first?.text(0))
            }
        }
    }

    /// Footnote's invariants, checked in one snapshot; empty when all is well. PostgreSQL has no cheap
    /// whole-database integrity check (amcheck is an extension, and slow), so of the server's own state
    /// only invalid indexes (a failed concurrent build) are reported.
    public func consistencyProblems() throws -> [String] {
        try withConnection { connection in
            try connection.transaction(readOnlySnapshot: true) {
                var problems: [String] = []
                let invalid = try connection.query("""
                    SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace
                    """).map { try $0.text(0) }
                if !invalid.isEmpty { problems.append("invalid indexes: \(invalid.joined(separator: ", "))") }
                let orphans = try connection.scalarInt("""
                    SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id
                    WHERE d.current_version_id IS DISTINCT FROM c.version_id
                    """) ?? 0
                if orphans > 0 { problems.append("\(orphans) chunks belong to a version that is not current") }
                // The full-text entry of a chunk is its postings: their positions must add up to its length.
                let mismatched = try connection.scalarInt("""
                    SELECT count(*) FROM chunks c
                    WHERE c.fts_length <> coalesce((SELECT sum(cardinality(p.positions)) FROM postings p WHERE p.chunk_id = c.id), 0)
                    """) ?? 0
                if mismatched > 0 { problems.append("\(mismatched) chunks have postings that do not add up to their full-text length") }
                // What ranking reads instead of the chunk (the covering index and chunk_lengths) must be the chunk's.
                let stale = try connection.scalarInt("""
                    SELECT (SELECT count(*) FROM postings p JOIN chunks c ON c.id = p.chunk_id
                            WHERE p.tf <> cardinality(p.positions) OR p.document_id <> c.document_id OR p.length <> c.fts_length)
                         + (SELECT count(*) FROM chunks c LEFT JOIN chunk_lengths l ON l.chunk_id = c.id
                            WHERE l.chunk_id IS NULL OR l.document_id <> c.document_id OR l.length <> c.fts_length)
                    """) ?? 0
                if stale > 0 { problems.append("\(stale) postings or chunk lengths disagree with their chunk") }
                let empty = try connection.scalarInt("""
                    SELECT count(*) FROM documents d WHERE current_version_id IS NULL
                       OR NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)
                    """) ?? 0
                if empty > 0 { problems.append("\(empty) documents have no current version or no chunks") }
                let unlinked = try connection.scalarInt("""
                    SELECT count(*) FROM chunks c WHERE c.embed_hash IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.input_hash = c.embed_hash)
                    """) ?? 0
                if unlinked > 0 { problems.append("\(unlinked) chunks link to a vector that is not stored") }
                return problems
            }
        }
    }
}
