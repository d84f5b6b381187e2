import Foundation
import FootnoteCore
import KnowledgeStore

extension PostgresStore {
    /// Rows per multi-row statement when storing vectors (2 parameters each, far below libpq's 65535).
    static let vectorBatchSize = 500

    /// The embedding model recorded in the store, if vectors were ever stored.
    public func embedder() throws -> EmbedderIdentity? {
        try withConnection { try Self.embedder(on: $0) }
    }

    static func embedder(on connection: PostgresConnection) throws -> EmbedderIdentity? {
        try connection.query("SELECT name, dimension, checksum FROM embedder WHERE id = 1").first.map {
            EmbedderIdentity(name: try $0.text(0), dimension: try $0.int(1), checksum: try $0.text(2))
        }
    }

    /// Records `identity` as the store's embedder, or fails when another model's vectors are stored. Insert
    /// then read back in one transaction: of two processes claiming at once, the second sees the first's claim.
    public func claimEmbedder(_ identity: EmbedderIdentity) throws {
        let current = try inTransaction { connection -> EmbedderIdentity? in
            let claimed = try connection.query("""
                INSERT INTO embedder(id, name, dimension, checksum, created_at) VALUES (1, $1, $2, $3, $4)
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, [.text(identity.name), .int(Int64(identity.dimension)), .text(identity.checksum),
                      .double(Date().timeIntervalSince1970)])
            // The first claim creates the HNSW index, empty, in the same transaction (later claims take no lock).
            if !claimed.isEmpty { try Self.createVectorIndex(dimension: identity.dimension, on: connection) }
            return try Self.embedder(on: connection)
        }
        if let current, current != identity {
            throw PostgresError.embedderMismatch(indexed: Self.describe(current), requested: Self.describe(identity))
        }
    }

    static func describe(_ identity: EmbedderIdentity) -> String {
        "\(identity.name) (\(identity.dimension)d, \(identity.checksum))"
    }

    /// Drops every vector and the recorded embedder (`footnote reembed` then embeds with a new model).
    public func dropVectors() throws {
        try inTransaction { connection in
            try connection.execute("""
                UPDATE chunks SET embed_hash = NULL WHERE embed_hash IS NOT NULL; DELETE FROM embeddings; DELETE FROM embedder;
                DROP INDEX IF EXISTS \(Self.vectorIndexName);
                """)
        }
    }

    /// Up to `limit` current chunks that have no vector yet, by ascending id.
    public func pendingChunks(limit: Int) throws -> [PendingChunk] {
        try withConnection { connection in
            try connection.query("""
                SELECT c.id, d.title, c.heading_path, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE c.embed_hash IS NULL ORDER BY c.id LIMIT $1
                """, [.int(Int64(max(0, limit)))]).map {
                PendingChunk(chunkID: try $0.int64(0), title: $0.optionalText(1),
                             headingPath: Self.decodeHeadingPath(try $0.text(2)), text: try $0.text(3))
            }
        }
    }

    /// How many chunks have no vector yet.
    public func pendingChunkCount() throws -> Int {
        try withConnection { Int(try $0.scalarInt("SELECT count(*) FROM chunks WHERE embed_hash IS NULL") ?? 0) }
    }

    /// Which of `hashes` already have a stored vector.
    public func storedVectorHashes(among hashes: [String]) throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try withConnection { connection in
            Set(try connection.query("SELECT input_hash FROM embeddings WHERE input_hash = ANY($1::text[])", [.textArray(hashes)])
                .map { try $0.text(0) })
        }
    }

    /// In one transaction: stores new vectors (by input hash; one already stored is kept) and links chunks
    /// to their input hash. Every vector must have the recorded embedder's dimension: the column has none of
    /// its own, and one vector of another length would break every later scan.
    public func storeVectors(_ vectors: [(inputHash: String, vector: [Float])], links: [(chunkID: Int64, inputHash: String)]) throws {
        try inTransaction { connection in
            if let dimension = try Self.embedder(on: connection)?.dimension,
               let wrong = vectors.first(where: { $0.vector.count != dimension }) {
                throw PostgresError.embedderMismatch(
                    indexed: "vectors of dimension \(dimension)",
                    requested: "a vector of dimension \(wrong.vector.count) for input '\(wrong.inputHash)'")
            }
            for start in stride(from: 0, to: vectors.count, by: Self.vectorBatchSize) {
                let batch = vectors[start..<min(start + Self.vectorBatchSize, vectors.count)]
                let rows = batch.indices.map { index in "($\(2 * (index - start) + 1), $\(2 * (index - start) + 2)::vector)" }
                try connection.run(
                    "INSERT INTO embeddings(input_hash, vector) VALUES \(rows.joined(separator: ", ")) ON CONFLICT (input_hash) DO NOTHING",
                    batch.flatMap { [PostgresValue.text($0.inputHash), .text(Self.vectorLiteral($0.vector))] })
            }
            for start in stride(from: 0, to: links.count, by: Self.vectorBatchSize) {
                let batch = links[start..<min(start + Self.vectorBatchSize, links.count)]
                let rows = batch.indices.map { index in "($\(2 * (index - start) + 1)::bigint, $\(2 * (index - start) + 2)::text)" }
                try connection.run(
                    "UPDATE chunks c SET embed_hash = l.hash FROM (VALUES \(rows.joined(separator: ", "))) AS l(id, hash) WHERE c.id = l.id",
                    batch.flatMap { [PostgresValue.int($0.chunkID), .text($0.inputHash)] })
            }
        }
    }

    /// pgvector's text form, `[x,y,…]`: each Float in Swift's shortest spelling that reads back to the same
    /// float (pgvector parses with strtof), so nothing is lost on the way.
    static func vectorLiteral(_ vector: [Float]) -> String {
        "[" + vector.map { "\($0)" }.joined(separator: ",") + "]"
    }

    /// Deletes vectors no current chunk uses any more; returns how many.
    @discardableResult
    public func collectUnusedVectors() throws -> Int {
        try withConnection { connection in
            try connection.run("""
                DELETE FROM embeddings e WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.embed_hash = e.input_hash)
                """)
        }
    }

    /// Whether any current chunk has a vector (an index lookup, not a count).
    public func hasVectors() throws -> Bool {
        try withConnection { connection in
            try connection.query("SELECT EXISTS (SELECT 1 FROM chunks WHERE embed_hash IS NOT NULL)").first?.bool(0) ?? false
        }
    }
}
