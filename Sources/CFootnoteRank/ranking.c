#include "footnote_rank.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// Row lengths: a dense array indexed by rowid - base when rowids are dense enough, otherwise
/// parallel sorted arrays searched by bisection.
struct FootnoteRank {
    sqlite3_int64 base;
    sqlite3_int64 count;       /* rows loaded */
    sqlite3_int64 span;        /* dense array length (0 when sparse) */
    uint32_t *dense;           /* UINT32_MAX marks a rowid with no row */
    sqlite3_int64 *sparseIDs;  /* sorted */
    uint32_t *sparseLengths;
    /* The rows a restricted caller may see (sorted), with their count and total length: while
       `scoped` is set, N, the average length and every phrase's document frequency are computed
       over these rows only, so scores say nothing about rows the caller cannot see. */
    sqlite3_int64 *scopeIDs;
    sqlite3_int64 scopeCount;
    sqlite3_int64 scopeTokens;
    int scoped;
};

#define NO_LENGTH UINT32_MAX

void footnote_rank_clear_lengths(FootnoteRank *rank) {
    if (!rank) return;
    free(rank->dense);
    free(rank->sparseIDs);
    free(rank->sparseLengths);
    rank->dense = NULL;
    rank->sparseIDs = NULL;
    rank->sparseLengths = NULL;
    rank->base = rank->count = rank->span = 0;
}

long long footnote_rank_cached_rows(const FootnoteRank *rank) { return rank ? rank->count : 0; }

void footnote_rank_clear_scope(FootnoteRank *rank) {
    if (!rank) return;
    free(rank->scopeIDs);
    rank->scopeIDs = NULL;
    rank->scopeCount = rank->scopeTokens = 0;
    rank->scoped = 0;
}

void footnote_rank_use_scope(FootnoteRank *rank, int enabled) {
    if (rank) rank->scoped = enabled && rank->scopeIDs != NULL;
}

static int in_scope(const FootnoteRank *rank, sqlite3_int64 rowid) {
    sqlite3_int64 low = 0, high = rank->scopeCount - 1;
    while (low <= high) {
        sqlite3_int64 mid = low + (high - low) / 2;
        sqlite3_int64 id = rank->scopeIDs[mid];
        if (id == rowid) return 1;
        if (id < rowid) low = mid + 1; else high = mid - 1;
    }
    return 0;
}

static int lookup(const FootnoteRank *rank, sqlite3_int64 rowid, uint32_t *length) {
    if (rank->dense) {
        sqlite3_int64 index = rowid - rank->base;
        if (index < 0 || index >= rank->span || rank->dense[index] == NO_LENGTH) return 0;
        *length = rank->dense[index];
        return 1;
    }
    sqlite3_int64 low = 0, high = rank->count - 1;
    while (low <= high) {
        sqlite3_int64 mid = low + (high - low) / 2;
        sqlite3_int64 id = rank->sparseIDs[mid];
        if (id == rowid) { *length = rank->sparseLengths[mid]; return 1; }
        if (id < rowid) low = mid + 1; else high = mid - 1;
    }
    return 0;
}

int footnote_rank_set_scope(FootnoteRank *rank, const long long *ids, long long count) {
    if (!rank || count < 0 || (count > 0 && !ids)) return SQLITE_MISUSE;
    footnote_rank_clear_scope(rank);
    sqlite3_int64 *copy = malloc(sizeof(sqlite3_int64) * (count > 0 ? count : 1));
    if (!copy) return SQLITE_NOMEM;
    sqlite3_int64 tokens = 0;
    for (sqlite3_int64 i = 0; i < count; i++) {
        uint32_t length = 0;
        if ((i > 0 && ids[i] <= ids[i - 1]) || !lookup(rank, ids[i], &length)) { free(copy); return SQLITE_NOTFOUND; }
        copy[i] = ids[i];
        tokens += length;
    }
    rank->scopeIDs = copy;
    rank->scopeCount = count;
    rank->scopeTokens = tokens;
    rank->scoped = 1;
    return SQLITE_OK;
}

/// SQLite's varint (as FTS5 writes it in `%_docsize`): 7 bits per byte, high bit continues, the
/// ninth byte holds 8 bits. Returns the bytes read (0 when truncated).
static int read_varint(const unsigned char *bytes, int available, uint64_t *value) {
    uint64_t result = 0;
    for (int i = 0; i < available && i < 9; i++) {
        if (i == 8) { *value = (result << 8) | bytes[i]; return 9; }
        result = (result << 7) | (bytes[i] & 0x7f);
        if (!(bytes[i] & 0x80)) { *value = result; return i + 1; }
    }
    return 0;
}

int footnote_rank_load_lengths(FootnoteRank *rank, sqlite3 *db, const char *docsize_table) {
    if (!rank) return SQLITE_MISUSE;
    footnote_rank_clear_lengths(rank);
    char *sql = sqlite3_mprintf("SELECT id, sz FROM \"%w\" ORDER BY id", docsize_table);
    if (!sql) return SQLITE_NOMEM;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &statement, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return rc;
    sqlite3_int64 capacity = 1024, count = 0;
    sqlite3_int64 *ids = malloc(sizeof(sqlite3_int64) * capacity);
    uint32_t *lengths = malloc(sizeof(uint32_t) * capacity);
    if (!ids || !lengths) rc = SQLITE_NOMEM;
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (count == capacity) {
            capacity *= 2;
            sqlite3_int64 *grownIDs = realloc(ids, sizeof(sqlite3_int64) * capacity);
            if (grownIDs) ids = grownIDs;
            uint32_t *grownLengths = realloc(lengths, sizeof(uint32_t) * capacity);
            if (grownLengths) lengths = grownLengths;
            if (!grownIDs || !grownLengths) { rc = SQLITE_NOMEM; break; }
        }
        const unsigned char *blob = sqlite3_column_blob(statement, 1);
        int size = sqlite3_column_bytes(statement, 1), offset = 0;
        uint64_t total = 0, column = 0;
        while (blob && offset < size) {
            int read = read_varint(blob + offset, size - offset, &column);
            if (read == 0) break;
            offset += read;
            total += column;
        }
        ids[count] = sqlite3_column_int64(statement, 0);
        lengths[count] = total >= NO_LENGTH ? NO_LENGTH - 1 : (uint32_t)total;
        count++;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(statement);
    if (rc != SQLITE_OK) { free(ids); free(lengths); return rc; }
    if (count == 0) { free(ids); free(lengths); return SQLITE_OK; }
    sqlite3_int64 span = ids[count - 1] - ids[0] + 1;
    if (span <= 4 * count + 65536) {
        uint32_t *dense = malloc(sizeof(uint32_t) * span);
        if (dense) {
            for (sqlite3_int64 i = 0; i < span; i++) dense[i] = NO_LENGTH;
            for (sqlite3_int64 i = 0; i < count; i++) dense[ids[i] - ids[0]] = lengths[i];
            rank->dense = dense;
            rank->base = ids[0];
            rank->span = span;
            rank->count = count;
            free(ids);
            free(lengths);
            return SQLITE_OK;
        }
    }
    rank->sparseIDs = ids;
    rank->sparseLengths = lengths;
    rank->count = count;
    return SQLITE_OK;
}

/// Per-query data, computed on the first row: IDF per phrase and the average row length.
typedef struct {
    int phraseCount;
    double averageLength;
    double *idf;
    double *frequency;
} QueryData;

static void free_query_data(void *pointer) {
    QueryData *data = pointer;
    if (!data) return;
    free(data->idf);
    free(data->frequency);
    free(data);
}

typedef struct {
    const FootnoteRank *scope; /* NULL: count every row */
    sqlite3_int64 hits;
} PhraseCount;

static int count_callback(const Fts5ExtensionApi *api, Fts5Context *context, void *user) {
    PhraseCount *count = user;
    if (!count->scope || in_scope(count->scope, api->xRowid(context))) count->hits++;
    return SQLITE_OK;
}

/// The same statistics as FTS5's bm25(): IDF = log((N - n + 0.5) / (n + 0.5)), floored at 1e-6;
/// over the scope's rows when one is in use.
static int query_data(const Fts5ExtensionApi *api, Fts5Context *context, const FootnoteRank *rank, QueryData **out) {
    QueryData *data = api->xGetAuxdata(context, 0);
    if (data) { *out = data; return SQLITE_OK; }
    int phrases = api->xPhraseCount(context);
    data = calloc(1, sizeof(QueryData));
    if (!data) return SQLITE_NOMEM;
    data->phraseCount = phrases;
    data->idf = calloc(phrases > 0 ? phrases : 1, sizeof(double));
    data->frequency = calloc(phrases > 0 ? phrases : 1, sizeof(double));
    if (!data->idf || !data->frequency) { free_query_data(data); return SQLITE_NOMEM; }
    const FootnoteRank *scope = rank && rank->scoped ? rank : NULL;
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = SQLITE_OK;
    if (scope) {
        rows = scope->scopeCount;
        tokens = scope->scopeTokens;
    } else {
        rc = api->xRowCount(context, &rows);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(context, -1, &tokens);
    }
    if (rc == SQLITE_OK) data->averageLength = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
        PhraseCount count = {scope, 0};
        rc = api->xQueryPhrase(context, i, &count, count_callback);
        sqlite3_int64 hits = count.hits;
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        data->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (rc == SQLITE_OK) rc = api->xSetAuxdata(context, data, free_query_data);
    else free_query_data(data);
    if (rc == SQLITE_OK) *out = data;
    return rc;
}

static void footnote_bm25(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                          int argumentCount, sqlite3_value **arguments) {
    const double k1 = 1.2, b = 0.75;
    FootnoteRank *rank = api->xUserData(context);
    QueryData *data = NULL;
    int rc = query_data(api, context, rank, &data);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(result, rc); return; }
    memset(data->frequency, 0, sizeof(double) * (data->phraseCount > 0 ? data->phraseCount : 1));
    int instances = 0;
    rc = api->xInstCount(context, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase = 0, column = 0, offset = 0;
        rc = api->xInst(context, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < data->phraseCount) {
            data->frequency[phrase] += argumentCount > column ? sqlite3_value_double(arguments[column]) : 1.0;
        }
    }
    uint32_t cached = 0;
    double length = 0;
    if (rc == SQLITE_OK) {
        if (rank && lookup(rank, api->xRowid(context), &cached)) {
            length = (double)cached;
        } else {
            int tokens = 0;
            rc = api->xColumnSize(context, -1, &tokens);
            length = (double)tokens;
        }
    }
    if (rc != SQLITE_OK) { sqlite3_result_error_code(result, rc); return; }
    double score = 0;
    double norm = k1 * (1 - b + b * length / data->averageLength);
    for (int i = 0; i < data->phraseCount; i++) {
        double f = data->frequency[i];
        score += data->idf[i] * (f * (k1 + 1.0)) / (f + norm);
    }
    sqlite3_result_double(result, -score);
}

static void destroy_rank(void *pointer) {
    FootnoteRank *rank = pointer;
    footnote_rank_clear_lengths(rank);
    footnote_rank_clear_scope(rank);
    free(rank);
}

FootnoteRank *footnote_rank_register(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (!api || api->iVersion < 2) return NULL;
    FootnoteRank *rank = calloc(1, sizeof(FootnoteRank));
    if (!rank) return NULL;
    if (api->xCreateFunction(api, "footnote_bm25", rank, footnote_bm25, destroy_rank) != SQLITE_OK) {
        free(rank);
        return NULL;
    }
    return rank;
}
