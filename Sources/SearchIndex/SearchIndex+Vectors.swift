import Foundation
import FootnoteSQLite
import FootnoteCore
import KnowledgeStore

extension SearchIndex {
    /// The embedding model recorded in the index, if vectors were ever stored.
    public func embedder() throws -> EmbedderIdentity? {
        try locked {
            try database.query("SELECT name, dimension, checksum FROM embedder WHERE id = 1") {
                EmbedderIdentity(name: $0.text(0), dimension: $0.int(1), checksum: $0.text(2))
            }.first
        }
    }

    /// Records `identity` as the index's embedder, or fails when another model's vectors are stored.
    public func claimEmbedder(_ identity: EmbedderIdentity) throws {
        if let current = try embedder() {
            guard current == identity else {
                throw SearchIndexError.embedderMismatch(
                    indexed: "\(current.name) (\(current.dimension)d, \(current.checksum))",
                    requested: "\(identity.name) (\(identity.dimension)d, \(identity.checksum))")
            }
            return
        }
        try locked {
            try database.run(
                "INSERT INTO embedder(id, name, dimension, checksum, created_at) VALUES (1, ?, ?, ?, ?)",
                [.text(identity.name), .int(Int64(identity.dimension)), .text(identity.checksum), .double(Date().timeIntervalSince1970)])
        }
    }

    /// Drops every vector and the recorded embedder (`footnote reembed` then embeds with a new model).
    public func dropVectors() throws {
        try locked {
            try database.transaction {
                try database.execute("""
                    DELETE FROM embeddings; DELETE FROM embedder; UPDATE chunks SET embed_hash = NULL;
                    UPDATE meta SET value = value + 1 WHERE key = 'vector_generation';
                    """)
            }
        }
    }

    /// Up to `limit` chunks of current versions that have no vector yet.
    public func pendingChunks(limit: Int) throws -> [PendingChunk] {
        try locked {
            try database.query("""
                SELECT c.id, d.title, c.heading_path, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE c.embed_hash IS NULL ORDER BY c.id LIMIT ?
                """, [.int(Int64(limit))]) {
                PendingChunk(chunkID: $0.int64(0), title: $0.optionalText(1),
                             headingPath: Self.decodeHeadingPath($0.text(2)), text: $0.text(3))
            }
        }
    }

    /// How many chunks have no vector yet.
    public func pendingChunkCount() throws -> Int {
        try locked { Int(try database.scalarInt("SELECT count(*) FROM chunks WHERE embed_hash IS NULL") ?? 0) }
    }

    /// Which of `hashes` already have a stored vector.
    public func storedVectorHashes(among hashes: [String]) throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try locked {
            var found = Set<String>()
            for batch in stride(from: 0, to: hashes.count, by: 500) {
                let slice = Array(hashes[batch..<min(batch + 500, hashes.count)])
                let rows = try database.query(
                    "SELECT input_hash FROM embeddings WHERE input_hash IN (\(slice.map { _ in "?" }.joined(separator: ",")))",
                    slice.map { .text($0) }) { $0.text(0) }
                found.formUnion(rows)
            }
            return found
        }
    }

    /// In one transaction: stores new vectors (by input hash) and links chunks to their input hash.
    public func storeVectors(_ vectors: [(inputHash: String, vector: [Float])], links: [(chunkID: Int64, inputHash: String)]) throws {
        try locked {
            try database.transaction {
                let insert = try database.prepare(
                    "INSERT OR IGNORE INTO embeddings(input_hash, vector, quantized, scale) VALUES (?, ?, ?, ?)")
                for (hash, vector) in vectors {
                    let (quantized, scale) = VectorCodec.quantize(vector)
                    try insert.bind([.text(hash), .blob(VectorCodec.encode(vector)), .blob(quantized.map { UInt8(bitPattern: $0) }), .double(Double(scale))])
                    try insert.runToEnd()
                }
                let link = try database.prepare("UPDATE chunks SET embed_hash = ? WHERE id = ?")
                for (chunkID, hash) in links {
                    try link.bind([.text(hash), .int(chunkID)])
                    try link.runToEnd()
                }
                try database.execute("UPDATE meta SET value = value + 1 WHERE key = 'vector_generation'")
            }
        }
    }

    /// Deletes vectors no current chunk uses any more (after versions were replaced or documents removed).
    @discardableResult
    public func collectUnusedVectors() throws -> Int {
        try locked {
            try database.run("""
                DELETE FROM embeddings WHERE input_hash NOT IN
                    (SELECT embed_hash FROM chunks WHERE embed_hash IS NOT NULL)
                """)
            return database.changes
        }
    }

    /// Number of chunks that have a vector.
    public func embeddedChunkCount() throws -> Int {
        try locked { Int(try database.scalarInt("SELECT count(*) FROM chunks WHERE embed_hash IS NOT NULL") ?? 0) }
    }

    /// A number that changes whenever chunks or vectors change (the in-memory matrix reloads on change).
    func vectorGeneration() throws -> Int64 {
        try database.scalarInt("SELECT value FROM meta WHERE key = 'vector_generation'") ?? 0
    }

    /// Whether any current chunk has a vector (an index lookup, not a count).
    public func hasVectors() throws -> Bool {
        try locked { (try database.scalarInt("SELECT EXISTS (SELECT 1 FROM chunks WHERE embed_hash IS NOT NULL)") ?? 0) == 1 }
    }
}

/// Float vectors as little-endian float32 BLOBs, and their int8 quantisation with one scale per vector.
enum VectorCodec {
    static func encode(_ vector: [Float]) -> [UInt8] {
        vector.withUnsafeBytes { Array($0) }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, into destination: UnsafeMutablePointer<Float>, count: Int) {
        let available = min(count, bytes.count / MemoryLayout<Float>.size)
        guard let base = bytes.baseAddress else { return }
        memcpy(destination, base, available * MemoryLayout<Float>.size)
        if available < count { destination.advanced(by: available).initialize(repeating: 0, count: count - available) }
    }

    /// Symmetric int8 quantisation: q = round(x / scale), scale = max|x| / 127.
    static func quantize(_ vector: [Float]) -> ([Int8], Float) {
        let maximum = vector.reduce(Float(0)) { max($0, abs($1)) }
        guard maximum > 0 else { return (Array(repeating: 0, count: vector.count), 1) }
        let scale = maximum / 127
        return (vector.map { Int8(clamping: Int(($0 / scale).rounded())) }, scale)
    }
}
