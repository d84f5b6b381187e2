#ifndef FOOTNOTE_RANK_H
#define FOOTNOTE_RANK_H

#include <sqlite3.h>

/// Per-connection state of the `footnote_bm25` FTS5 ranking function: the token count of every
/// row, kept in memory so that ranking does not look up the `%_docsize` table once per matching
/// row (that lookup is about three quarters of the cost of FTS5's built-in bm25() on long OR queries).
typedef struct FootnoteRank FootnoteRank;

/// Registers `footnote_bm25(fts, w1, w2, ...)` on `db`: the same BM25 as FTS5's bm25() (k1 = 1.2,
/// b = 0.75, per-column weights, negated so that smaller is better), returning identical scores.
/// Rows whose length is not loaded fall back to FTS5's own lookup, so results never depend on the cache.
/// The state is owned by the connection and freed when it closes. Returns NULL on failure.
FootnoteRank *footnote_rank_register(sqlite3 *db);

/// Replaces the cached token counts with those in `docsize_table` (an FTS5 `%_docsize` shadow
/// table, e.g. "chunks_fts_docsize"): the total of all columns per rowid. Returns an SQLite code.
int footnote_rank_load_lengths(FootnoteRank *rank, sqlite3 *db, const char *docsize_table);

/// Forgets the cached token counts (every row then uses FTS5's lookup).
void footnote_rank_clear_lengths(FootnoteRank *rank);

/// How many rows have a cached length (for tests and statistics).
long long footnote_rank_cached_rows(const FootnoteRank *rank);

/// Restricts the statistics of `footnote_bm25` (row count, average length, document frequency of
/// each phrase) to `ids`, which must be sorted ascending and all have a cached length (load them
/// first). The scope stays in use until `footnote_rank_use_scope(rank, 0)` or a clear. Returns
/// SQLITE_NOTFOUND when an id is unsorted or has no cached length (the scope is then cleared).
int footnote_rank_set_scope(FootnoteRank *rank, const long long *ids, long long count);

/// Turns the scope set last on or off (on has no effect when none is set).
void footnote_rank_use_scope(FootnoteRank *rank, int enabled);

/// Forgets the scope: statistics are over every row again.
void footnote_rank_clear_scope(FootnoteRank *rank);

#endif
