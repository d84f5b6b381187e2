import Foundation
import FootnoteCore
import KnowledgeStore
import Logging

/// A `KnowledgeStore` in PostgreSQL with pgvector: documents, versions, chunks, full-text postings and
/// vectors in one database (optionally one schema of it), reached through libpq.
///
/// Callers share a small pool of connections: each call borrows one, so several searches run at once, and
/// each write is one server transaction. Vectors stay in the server (`residentVectorBytes` is 0).
public final class PostgresStore: KnowledgeStore, @unchecked Sendable {
    /// The most connections the store keeps open at once; a caller beyond that waits for one to come back.
    static let maximumConnections = 8

    /// The URL without its password, for messages.
    public let location: String
    /// The schema the store's tables live in (nil: the connection's default search path, usually `public`).
    public let schema: String?
    /// The primary's connections: every write and every read outside the search path.
    private let pool: PostgresConnectionPool
    /// The streaming replica that serves searches (`PostgresStore+Replica.swift`); nil: the primary serves them.
    let replica: PostgresReplica?
    /// Above this many chunks with vectors, vector search reads the HNSW index instead of scanning every vector
    /// (`PostgresStore+VectorIndex.swift`); the URL's `vector_index_above=N` sets it (0: always the index).
    public let vectorIndexAbove: Int

    /// Connects to `url`, creates `schema` (letters, digits, underscores) when given, and applies pending migrations.
    /// The schema may also come as the URL's `schema=` parameter (the argument wins). With `readURL` (a hot
    /// standby replicating this database), searches read from it and fall back to the primary when it fails;
    /// it is never migrated or written, and is not contacted until the first search.
    public init(url fullURL: String, schema requestedSchema: String? = nil, readURL: String? = nil,
                logger: Logger = Logger(label: "footnote.postgres")) throws {
        let (withoutSchema, urlSchema) = PostgresURL.splittingSchema(fullURL)
        let (url, indexAbove) = PostgresURL.splittingParameter(Self.vectorIndexParameter, from: withoutSchema)
        let schema = requestedSchema ?? urlSchema
        if let schema {
            guard Self.isValidSchemaName(schema) else { throw PostgresError.invalidSchemaName(schema) }
        }
        self.schema = schema
        if let indexAbove {
            guard let value = Int(indexAbove), value >= 0 else {
                throw PostgresError.badParameter(name: Self.vectorIndexParameter, value: indexAbove, expected: "a whole number of chunks, 0 or more")
            }
            vectorIndexAbove = value
        } else {
            vectorIndexAbove = Self.defaultVectorIndexAbove
        }
        location = PostgresURL.redacted(url) + (schema.map { " (schema \($0))" } ?? "")
        let connection = try PostgresConnection(url: url)
        try Self.migrate(connection, schema: schema, location: location)
        try Self.configure(connection, schema: schema)
        pool = PostgresConnectionPool(url: url, maximumConnections: Self.maximumConnections, first: connection) {
            try Self.configure($0, schema: schema)
        }
        replica = try readURL.map { try PostgresReplica(url: $0, schema: schema, logger: logger) }
    }

    /// Runs `body` with a connection of its own, borrowed from the primary's pool. A connection that is
    /// broken or left inside a transaction is closed instead of returned.
    @discardableResult
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try pool.withConnection(body)
    }

    /// Runs `body` in one transaction on a borrowed connection.
    @discardableResult
    func inTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { connection in try connection.transaction { try body(connection) } }
    }

    /// Session settings every connection of the store needs (the replica's too): its schema first on the
    /// search path (`public` stays, where pgvector's type and operators live).
    static func configure(_ connection: PostgresConnection, schema: String?) throws {
        try connection.execute("SET client_encoding TO 'UTF8'")
        if let schema {
            try connection.execute("SET search_path TO \(Self.quotedIdentifier(schema)), public")
        }
    }

    /// Letters, digits and underscores, not starting with a digit, at most 63 bytes (PostgreSQL's limit).
    static func isValidSchemaName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.utf8.count <= 63 else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// A validated name in double quotes (keeps its case, as it was written).
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Memory the store holds for vector search in this process: none, the scan runs in the server.
    public func residentVectorBytes() -> Int { 0 }
}

extension PostgresStore {
    /// Drops this store's schema with everything in it (benchmarks' and tests' throwaway stores). Refused for
    /// a store without a schema of its own: that would be the connection's default schema, usually `public`.
    public func dropSchema() throws {
        guard let schema else {
            throw PostgresError.failed(operation: "drop the store at \(location)", message: "it has no schema of its own", sqlState: nil, sql: nil)
        }
        try withConnection { try $0.execute("DROP SCHEMA IF EXISTS \(Self.quotedIdentifier(schema)) CASCADE") }
    }
}
