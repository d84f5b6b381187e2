#ifndef FOOTNOTE_FTS5_LOOKUP_H
#define FOOTNOTE_FTS5_LOOKUP_H

#include <sqlite3.h>

/// The FTS5 API of `db` (through `SELECT fts5(?1)`), or NULL when FTS5 is missing or older than version 2.
fts5_api *footnote_fts5_api(sqlite3 *db);

#endif
