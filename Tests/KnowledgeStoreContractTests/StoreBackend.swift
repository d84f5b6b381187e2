import FootnoteCore
import FootnotePostgres
import Foundation
import KnowledgeStore
import SearchIndex
import TestSupport

/// One `KnowledgeStore` implementation under test: how to open a fresh, empty store. Every contract test
/// runs once per backend in `all`; a new backend (PostgreSQL, issue 19) joins by adding itself there.
struct StoreBackend: Sendable, CustomStringConvertible {
    let name: String
    let open: @Sendable (TemporaryDirectory) throws -> any KnowledgeStore

    var description: String { name }

    static let sqlite = StoreBackend(name: "sqlite") { directory in
        try SearchIndex(path: directory.url.appendingPathComponent("contract.sqlite").path)
    }

    /// A fresh schema per store in the database at `FOOTNOTE_PG_URL`, so tests share nothing and run in parallel.
    static let postgres = StoreBackend(name: "postgres") { _ in
        guard let url = postgresURL else { throw StoreBackendError.postgresUnavailable }
        return try PostgresStore(url: url, schema: freshPostgresSchema())
    }

    /// PostgreSQL with vector search always reading the HNSW index (`vector_index_above=0`), whatever the size.
    static let postgresVectorIndex = StoreBackend(name: "postgres-hnsw") { _ in
        guard let url = postgresURL else { throw StoreBackendError.postgresUnavailable }
        return try PostgresStore(url: PostgresURL.adding("vector_index_above", "0", to: url), schema: freshPostgresSchema())
    }

    /// The PostgreSQL server under test (`make pg-start`, then `source <(bash scripts/pg-cluster.sh urls)`), if any.
    static let postgresURL: String? = PostgresServer.url

    /// A schema name no other test uses: `contract_` and 16 random hex digits.
    static func freshPostgresSchema() -> String {
        PostgresServer.freshSchema("contract")
    }

    /// SQLite always; PostgreSQL when `FOOTNOTE_PG_URL` names a server (`PostgresAvailabilityTests` says when not).
    static let all: [StoreBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    /// `all`, and PostgreSQL once more with its vector index forced: the vector contract holds on both paths.
    static let vectorPaths: [StoreBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres, .postgresVectorIndex]
}

enum StoreBackendError: Error, CustomStringConvertible {
    case postgresUnavailable
    var description: String { "FOOTNOTE_PG_URL is not set: no PostgreSQL server to test against" }
}

/// A fresh store plus helpers that write documents made of plain paragraphs (one chunk per paragraph).
struct ContractStore {
    let directory: TemporaryDirectory
    let store: any KnowledgeStore

    init(_ backend: StoreBackend) throws {
        directory = try TemporaryDirectory(prefix: "footnote-contract-\(backend.name)")
        store = try backend.open(directory)
    }

    @discardableResult
    func add(_ path: String, _ paragraphs: [String], title: String? = nil, groups: [String] = [], format: DocumentFormat = .text)
        throws -> Int64 {
        try store.writeVersion(Self.input(path, paragraphs, title: title, groups: groups, format: format))
    }

    static func input(_ path: String, _ paragraphs: [String], title: String? = nil, groups: [String] = [], format: DocumentFormat = .text)
        -> DocumentVersionInput {
        let text = paragraphs.joined(separator: "\n\n")
        var chunks: [ChunkDraft] = []
        var offset = 0
        for paragraph in paragraphs {
            let length = paragraph.unicodeScalars.count
            chunks.append(ChunkDraft(
                ordinal: chunks.count,
                span: SourceSpan(start: offset, end: offset + length, headingPath: ["Part"], lineStart: chunks.count * 2 + 1, lineEnd: chunks.count * 2 + 1),
                text: paragraph, tokenCount: paragraph.split(separator: " ").count))
            offset += length + 2
        }
        return DocumentVersionInput(
            path: path, size: Int64(text.utf8.count), mtime: 1, contentHash: SHA256.hex(text),
            document: ParsedDocument(format: format, title: title, text: text), chunks: chunks, accessGroups: groups)
    }

    /// Paths of the lexical top-k, best first.
    func lexicalPaths(_ query: String, filter: SearchFilter = SearchFilter(), limit: Int = 10) throws -> [String] {
        let matches = try store.lexicalSearch(LexicalQuery(query), filter: filter, limit: limit)
        return try store.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil).map(\.path)
    }
}

/// A unit vector along axis `axis` of `dimension`, tilted towards axis 0 by `tilt` (then normalised), so that
/// cosines to the query `axis(0)` are known in closed form.
func unitVector(axis: Int, dimension: Int = 8, tilt: Float = 0) -> [Float] {
    var vector = [Float](repeating: 0, count: dimension)
    vector[axis] = 1
    vector[0] += tilt
    let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return vector.map { $0 / norm }
}
