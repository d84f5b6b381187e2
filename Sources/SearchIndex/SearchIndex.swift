import Foundation
import FootnoteSQLite
import FootnoteCore

/// The Footnote index: one SQLite file holding documents, their versions, chunks, the FTS5
/// index and (when embedded) vectors. All access to the connection is serialised by `lock`.
public final class SearchIndex: @unchecked Sendable {
    /// Serialises every use of `database`, which SQLite opened in no-mutex mode.
    let lock = NSLock()
    let database: Database
    /// The index file's path.
    public let path: String
    /// In-memory vector matrices by precision, reloaded when the index changes.
    let vectorCache = LockedValue<[VectorPrecision: VectorMatrix]>([:])
    /// A read-only connection that reads float32 vectors to rescore int8 candidates, opened on first
    /// use; `opened` records the attempt so that a file that cannot be opened twice is not retried per query.
    let rescoringReader = LockedValue<(reader: Database?, opened: Bool)>((nil, false))
    /// State of the `footnote_bm25` ranking function on this connection (nil if FTS5 refused it:
    /// lexical search then uses the built-in bm25()).
    let rank: BM25Ranking?
    /// The chunk generation whose row lengths `rank` holds; guarded by `lock`.
    var rankGeneration: Int64 = -1
    /// Which caller's rows `rank`'s scope holds (groups and the generations it was computed at); guarded by `lock`.
    var rankScope: RankScopeKey?

    /// Opens (creating if needed) the index at `path`, applying pending migrations.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try Database(path: path)
        self.path = path
        // WAL: readers (searches) keep working while a writer ingests.
        try database.execute("PRAGMA journal_mode = WAL")
        try database.execute("PRAGMA synchronous = NORMAL")
        try database.execute("PRAGMA foreign_keys = ON")
        // The full-text table's tokenizer (Snowball stemming) lives in this process, not in SQLite.
        try database.registerStemmingTokenizer()
        try database.migrate(Self.migrations)
        rank = BM25Ranking(registeringOn: database)
    }

    /// Runs `body` with exclusive use of the connection.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try locked { try database.appliedMigrations() }
    }

    /// `PRAGMA integrity_check` plus Footnote's own invariants; empty when all is well.
    public func consistencyProblems() throws -> [String] {
        try locked {
            var problems = try database.query("PRAGMA integrity_check") { $0.text(0) }.filter { $0 != "ok" }
            let orphans = try database.scalarInt("""
                SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id
                WHERE d.current_version_id IS NOT c.version_id
                """) ?? 0
            if orphans > 0 { problems.append("\(orphans) chunks belong to a version that is not current") }
            let missingFTS = try database.scalarInt(
                "SELECT count(*) FROM chunks WHERE id NOT IN (SELECT rowid FROM chunks_fts)") ?? 0
            if missingFTS > 0 { problems.append("\(missingFTS) chunks have no full-text row") }
            let extraFTS = try database.scalarInt(
                "SELECT count(*) FROM chunks_fts WHERE rowid NOT IN (SELECT id FROM chunks)") ?? 0
            if extraFTS > 0 { problems.append("\(extraFTS) full-text rows have no chunk") }
            let empty = try database.scalarInt("""
                SELECT count(*) FROM documents d WHERE current_version_id IS NULL
                   OR NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)
                """) ?? 0
            if empty > 0 { problems.append("\(empty) documents have no current version or no chunks") }
            return problems
        }
    }
}

extension SearchIndex {
    /// Writes a consistent copy of the whole index to `path` (SQLite's `VACUUM INTO`).
    public func copy(to path: String) throws {
        try locked { try database.run("VACUUM INTO ?", [.text(path)]) }
    }
}
