import Foundation
import FootnoteSQLite
import FootnoteCore
import KnowledgeStore

/// A loaded vector matrix plus the rows a filter allows, ready to scan without the database.
public struct PreparedVectorScan: Sendable {
    let matrix: VectorMatrix
    let allowed: Set<Int64>?
    let precision: VectorPrecision
}

extension SearchIndex {
    /// The `limit` chunks most similar to `query` among chunks passing `filter` (filter before top-k).
    public func semanticSearch(
        _ query: [Float], filter: SearchFilter = .init(), limit: Int, precision: VectorPrecision = .float32
    ) throws -> [SemanticMatch] {
        try semanticScan(query, filter: filter, limit: limit, precision: precision).matches
    }

    /// Like `semanticSearch`, plus the mean cosine of the query over every chunk passing the filter:
    /// the corpus background that calibrated score fusion measures similarity against.
    public func semanticScan(
        _ query: [Float], filter: SearchFilter = .init(), limit: Int, precision: VectorPrecision = .float32
    ) throws -> (matches: [SemanticMatch], background: Double) {
        try semanticScan(query, prepared: try prepareVectorScan(filter: filter, precision: precision), limit: limit)
    }

    /// The matrix and the filter's allowed rows, fetched up front so that the scan itself needs no
    /// database access (hybrid search runs it while the connection serves the BM25 query).
    /// With `constraints`, only chunks holding its quoted phrases and none of its excluded terms are scanned:
    /// the semantic leg honours what the lexical leg's MATCH expression enforces.
    public func prepareVectorScan(
        filter: SearchFilter = .init(), constraints: LexicalQuery? = nil, precision: VectorPrecision = .float32
    ) throws -> PreparedVectorScan {
        let constrained = constraints?.hasConstraints == true ? constraints : nil
        return PreparedVectorScan(
            matrix: try vectorMatrix(precision: precision),
            allowed: filter.isEmpty && constrained == nil ? nil : try chunkIDs(passing: filter, constraints: constrained),
            precision: precision)
    }

    /// Scans a prepared matrix; only the int8 path touches the database again (to rescore candidates).
    public func semanticScan(
        _ query: [Float], prepared: PreparedVectorScan, limit: Int
    ) throws -> (matches: [SemanticMatch], background: Double) {
        let matrix = prepared.matrix
        guard matrix.dimension == query.count else {
            throw SearchIndexError.embedderMismatch(
                indexed: "vectors of dimension \(matrix.dimension)", requested: "a query vector of dimension \(query.count)")
        }
        let allowed = prepared.allowed
        guard prepared.precision == .int8 else {
            let scan = matrix.scan(query, k: limit, allowed: allowed)
            return (scan.top.map { SemanticMatch(chunkID: $0.chunkID, score: Double($0.score)) }, Double(scan.mean))
        }
        // Scan int8, then rescore a deeper candidate list exactly with the stored float32 vectors.
        let scan = matrix.scan(query, k: Self.rescoringDepth(limit), allowed: allowed)
        let candidates = scan.top.map(\.chunkID)
        let exact = try floatVectors(for: candidates)
        let rescored = query.withUnsafeBufferPointer { q -> [SemanticMatch] in
            guard let queryBase = q.baseAddress else { return [] }
            let rescored = candidates.compactMap { id -> SemanticMatch? in
                guard let vector = exact[id] else { return nil }
                let score = vector.withUnsafeBufferPointer { VectorMatrix.dot(queryBase, $0.baseAddress ?? queryBase, min(vector.count, query.count)) }
                return SemanticMatch(chunkID: id, score: Double(score))
            }
            return Array(rescored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.chunkID < $1.chunkID }.prefix(limit))
        }
        return (rescored, Double(scan.mean))
    }

    /// How many int8 candidates are rescored in float32 for `limit` results. Each rescored vector is
    /// one keyed read from SQLite (about 15 µs), so the depth is the int8 scan's cost: 4 × limit made a
    /// 100-candidate hybrid query 6 ms slower than float32. A quarter more than asked (at least 32
    /// more) gave the same nDCG@10 and Recall@100 as float32 to four decimals on all four collections
    /// in ../shared/datasets (`footnote eval --vector-precision int8`).
    static func rescoringDepth(_ limit: Int) -> Int {
        limit + max(32, limit / 4)
    }

    /// Memory held by the loaded vectors, in bytes (0 before the first semantic search).
    public func residentVectorBytes() -> Int {
        vectorCache.withLock { $0.values.reduce(0) { $0 + $1.residentBytes } }
    }

    /// Ids of current chunks whose document passes `filter` and whose text satisfies `constraints`
    /// (its quoted phrases present, its excluded terms absent).
    func chunkIDs(passing filter: SearchFilter, constraints: LexicalQuery? = nil) throws -> Set<Int64> {
        var (sql, values) = Self.filterClause(filter)
        if let required = constraints?.requiredExpression {
            sql += " AND c.id IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)"
            values.append(.text(required))
        }
        if let excluded = constraints?.excludedExpression {
            sql += " AND c.id NOT IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)"
            values.append(.text(excluded))
        }
        return try locked {
            Set(try database.query("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE 1\(sql)", values) {
                $0.int64(0)
            })
        }
    }

    /// Stored float32 vectors of `chunkIDs`, for rescoring int8 candidates. They are read on a second,
    /// read-only connection: in WAL mode it reads while the main connection runs the BM25 query of the
    /// same hybrid search, instead of waiting for it (that wait was most of int8's extra latency).
    /// Falls back to the main connection when the file cannot be opened a second time.
    private func floatVectors(for chunkIDs: [Int64]) throws -> [Int64: [Float]] {
        guard !chunkIDs.isEmpty else { return [:] }
        return try rescoringReader.withLock { state in
            if !state.opened { state = (try? Database(path: path, readOnly: true), true) }
            if let reader = state.reader { return try Self.floatVectors(for: chunkIDs, in: reader) }
            return try locked { try Self.floatVectors(for: chunkIDs, in: database) }
        }
    }

    private static func floatVectors(for chunkIDs: [Int64], in database: Database) throws -> [Int64: [Float]] {
        let rows = try database.query("""
            SELECT c.id, e.vector FROM chunks c JOIN embeddings e ON e.input_hash = c.embed_hash
            WHERE c.id IN (\(chunkIDs.map { _ in "?" }.joined(separator: ",")))
            """, chunkIDs.map { .int($0) }) { row -> (Int64, [Float]) in
            let vector = row.withBlob(1) { bytes in
                [Float](unsafeUninitializedCapacity: bytes.count / 4) { buffer, count in
                    if let base = buffer.baseAddress { VectorCodec.decode(bytes, into: base, count: bytes.count / 4) }
                    count = bytes.count / 4
                }
            }
            return (row.int64(0), vector)
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// The in-memory matrix, loaded on first use and reloaded when chunks or vectors changed.
    func vectorMatrix(precision: VectorPrecision) throws -> VectorMatrix {
        let generation = try locked { try vectorGeneration() }
        if let cached = vectorCache.withLock({ $0[precision] }), cached.generation == generation { return cached }
        let matrix = try loadMatrix(precision: precision, generation: generation)
        vectorCache.withLock { $0[precision] = matrix }
        return matrix
    }

    private func loadMatrix(precision: VectorPrecision, generation: Int64) throws -> VectorMatrix {
        try locked {
            let dimension = Int(try database.scalarInt("SELECT dimension FROM embedder WHERE id = 1") ?? 0)
            let count = Int(try database.scalarInt(
                "SELECT count(*) FROM chunks c JOIN embeddings e ON e.input_hash = c.embed_hash") ?? 0)
            var ids: [Int64] = []
            ids.reserveCapacity(count)
            var floats: [Float] = []
            var bytes: [Int8] = []
            var scales: [Float] = []
            let quantized = precision == .int8
            if quantized {
                bytes.reserveCapacity(count * dimension)
                scales.reserveCapacity(count)
            } else {
                floats = [Float](repeating: 0, count: count * dimension)
            }
            let column = quantized ? "e.quantized, e.scale" : "e.vector"
            let statement = try database.prepare(
                "SELECT c.id, \(column) FROM chunks c JOIN embeddings e ON e.input_hash = c.embed_hash ORDER BY c.id")
            try statement.bind([])
            while try statement.step(), ids.count < count {
                let row = ids.count
                ids.append(statement.int64(0))
                if quantized {
                    statement.withBlob(1) { raw in
                        let values = raw.bindMemory(to: Int8.self)
                        bytes.append(contentsOf: values.prefix(dimension))
                        if values.count < dimension { bytes.append(contentsOf: repeatElement(0, count: dimension - values.count)) }
                    }
                    scales.append(Float(statement.double(2)))
                } else {
                    floats.withUnsafeMutableBufferPointer { buffer in
                        guard let base = buffer.baseAddress else { return }
                        statement.withBlob(1) { VectorCodec.decode($0, into: base + row * dimension, count: dimension) }
                    }
                }
            }
            if !quantized && ids.count < count { floats.removeLast((count - ids.count) * dimension) }
            return VectorMatrix(generation: generation, dimension: dimension, chunkIDs: ids, floats: floats,
                                bytes: bytes, scales: scales, quantized: quantized)
        }
    }
}
