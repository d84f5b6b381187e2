import CFootnoteRank
import CSQLite

/// The `footnote_bm25` FTS5 ranking function registered on one connection, and the state it keeps there
/// (`CFootnoteRank`): row lengths cached in memory, the last query's statistics, and an optional scope of
/// visible rows whose statistics (N, average length, document frequencies) replace the whole table's.
/// Belongs to its connection: used only by the connection's owner, under the same serialisation.
public final class BM25Ranking {
    private let state: OpaquePointer

    /// Registers the function on `database`; nil when FTS5 refuses it (lexical search then falls back to
    /// the built-in bm25()). The state lives as long as the connection (SQLite frees it on close).
    public init?(registeringOn database: Database) {
        guard let state = footnote_rank_register(database.handle) else { return nil }
        self.state = state
    }

    /// Loads every row's token counts from `docsizeTable` (and each row's document from `rowsTable`);
    /// false when the load failed (rows missing from the cache fall back to FTS5's own lookup).
    public func loadLengths(from database: Database, docsizeTable: String, rowsTable: String) -> Bool {
        footnote_rank_load_lengths(state, database.handle, docsizeTable, rowsTable) == SQLITE_OK
    }

    public func clearLengths() { footnote_rank_clear_lengths(state) }

    /// Rows whose lengths are cached.
    public var cachedRows: Int { Int(footnote_rank_cached_rows(state)) }

    /// How many times the query statistics were computed (tests check that one search computes them once).
    public var computedQueries: Int64 { Int64(footnote_rank_computed_queries(state)) }

    /// Limits the statistics to `ids` (sorted ascending) and uses that scope; false when a row's length is
    /// not cached (the scope is then unusable and should be cleared).
    public func setScope(_ ids: [Int64]) -> Bool {
        // CLongLong is Int64 here; an empty scope passes a null pointer with a count of 0.
        ids.withUnsafeBufferPointer { footnote_rank_set_scope(state, $0.baseAddress, CLongLong($0.count)) } == SQLITE_OK
    }

    /// Switches the loaded scope on or off (off: statistics over the whole table).
    public func useScope(_ enabled: Bool) { footnote_rank_use_scope(state, enabled ? 1 : 0) }

    public func clearScope() { footnote_rank_clear_scope(state) }
}

@available(*, unavailable)
extension BM25Ranking: Sendable {}

extension Database {
    /// Registers the `footnote_stem` FTS5 tokenizer (unicode61 tokens stemmed by Snowball English) on this
    /// connection; full-text tables created with it need it on every connection that touches them.
    public func registerStemmingTokenizer() throws {
        let code = footnote_tokenizer_register(handle)
        guard code == SQLITE_OK else {
            throw SQLiteError.failed(operation: "register the footnote_stem tokenizer on \(path)", message: "FTS5 refused it (code \(code))", sql: nil)
        }
    }
}
