#ifndef FOOTNOTE_RANK_H
#define FOOTNOTE_RANK_H

#include <sqlite3.h>

/// Per-connection state of the `footnote_bm25` FTS5 ranking function: the token count and the document
/// of every row, kept in memory so that ranking does not look up the `%_docsize` table once per matching
/// row (that lookup is about three quarters of the cost of FTS5's built-in bm25() on long OR queries).
typedef struct FootnoteRank FootnoteRank;

/// Registers `footnote_bm25(fts, w_title, w_heading, w_body, w_cjk [, w_document [, 'q1 q2 …' [, 'expression']]])` on `db`:
/// BM25 (k1 = 1.2, b = 0.75, Lucene's IDF log(1 + (N - n + 0.5) / (n + 0.5)), per-column weights, each
/// phrase's term times its query weight q — how often the query repeats it; the phrases past the listed
/// ones belong to the NOT part — negated so that smaller is better) of the row, plus `w_document` times the same BM25 of the row's document (its
/// rows taken together: body frequencies summed, title and heading counted once, lengths summed), so a
/// passage of a document that is about the query as a whole ranks above a passage that only mentions it.
/// Needs the lengths loaded (`footnote_rank_load_lengths`) for the document side; rows whose length is
/// not loaded fall back to FTS5's own lookup and get no document side.
/// With the MATCH expression as the last argument, the query's statistics are computed once and reused by
/// the next call with the same arguments until the lengths or the scope are touched (FTS5's `ORDER BY rank`
/// asks for them twice per query; SearchIndex touches the scope before every search, so nothing outlives one).
/// The state is owned by the connection and freed when it closes. Returns NULL on failure.
FootnoteRank *footnote_rank_register(sqlite3 *db);

/// Replaces the cached token counts with those in `docsize_table` (an FTS5 `%_docsize` shadow
/// table, e.g. "chunks_fts_docsize"): the total of all columns per rowid; and each row's document, the
/// `document_id` of the row with the same `id` in `rows_table` (e.g. "chunks"). Returns an SQLite code.
int footnote_rank_load_lengths(FootnoteRank *rank, sqlite3 *db, const char *docsize_table, const char *rows_table);

/// Forgets the cached token counts (every row then uses FTS5's lookup).
void footnote_rank_clear_lengths(FootnoteRank *rank);

/// How many rows have a cached length (for tests and statistics).
long long footnote_rank_cached_rows(const FootnoteRank *rank);
/// How many times a query's statistics were computed rather than taken from the cache (for tests).
long long footnote_rank_computed_queries(const FootnoteRank *rank);

/// Restricts the statistics of `footnote_bm25` (row count, average length, document frequency of
/// each phrase) to `ids`, which must be sorted ascending and all have a cached length (load them
/// first). The scope stays in use until `footnote_rank_use_scope(rank, 0)` or a clear. Returns
/// SQLITE_NOTFOUND when an id is unsorted or has no cached length (the scope is then cleared).
int footnote_rank_set_scope(FootnoteRank *rank, const long long *ids, long long count);

/// Turns the scope set last on or off (on has no effect when none is set).
void footnote_rank_use_scope(FootnoteRank *rank, int enabled);

/// Forgets the scope: statistics are over every row again.
void footnote_rank_clear_scope(FootnoteRank *rank);

/// Registers the `footnote_stem` FTS5 tokenizer on `db`: the tokens of the tokenizer named in its
/// arguments (e.g. `footnote_stem unicode61 remove_diacritics 2`), each reduced by the Snowball English
/// stemmer (libstemmer). An index whose full-text table uses it needs it registered on every connection
/// before the table is touched. Returns an SQLite code.
int footnote_tokenizer_register(sqlite3 *db);
/// The index's tokenizer (`footnote_stem unicode61 remove_diacritics 2`) outside FTS5, so another store
/// writes and queries exactly the tokens the SQLite index holds.
typedef struct FootnoteAnalyzer FootnoteAnalyzer;

/// Called once per token: its bytes (not NUL-terminated) and its byte span in the input. Nonzero stops.
typedef int (*footnote_token_callback)(void *context, const char *token, int length, int start, int end);

/// An analyzer using the FTS5 of `db` (registers footnote_stem on it); `db` must outlive it. NULL on failure.
FootnoteAnalyzer *footnote_analyzer_create(sqlite3 *db);
void footnote_analyzer_free(FootnoteAnalyzer *analyzer);

/// Tokenizes `length` bytes of UTF-8 as FTS5 does for a document (query 0) or a query phrase (query 1;
/// prefix 1 for a `"phrase"*`). Returns an SQLite code.
int footnote_analyzer_tokenize(FootnoteAnalyzer *analyzer, const char *text, int length, int query, int prefix,
                               footnote_token_callback callback, void *context);
#endif
