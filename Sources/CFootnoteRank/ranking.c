#include "footnote_rank.h"
#include "fts5_lookup.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// A document's BM25 score for the query (the document side of a row's score).
typedef struct {
    uint32_t document;
    double score;
} DocumentScore;

/// Row lengths: a dense array indexed by rowid - base when rowids are dense enough, otherwise
/// parallel sorted arrays searched by bisection.
struct FootnoteRank {
    sqlite3_int64 base;
    sqlite3_int64 count;       /* rows loaded */
    sqlite3_int64 span;        /* dense array length (0 when sparse) */
    uint32_t *dense;           /* UINT32_MAX marks a rowid with no row */
    sqlite3_int64 *sparseIDs;  /* sorted */
    uint32_t *sparseLengths;
    /* The document of each row (an index 0..<documentCount, same layout as the lengths) and each
       document's length (the sum of its rows'), for the document side of the score. */
    uint32_t *denseDocs;
    uint32_t *sparseDocs;
    uint64_t *documentLengths;
    sqlite3_int64 documentCount;
    sqlite3_int64 totalTokens;
    /* The rows a restricted caller may see (sorted), with their count and total length: while
       `scoped` is set, N, the average length and every phrase's document frequency are computed
       over these rows only, so scores say nothing about rows the caller cannot see. */
    sqlite3_int64 *scopeIDs;
    sqlite3_int64 scopeCount;
    sqlite3_int64 scopeTokens;
    sqlite3_int64 scopeDocuments;
    int scoped;
    /* The statistics of the last query (IDF per phrase, average length, document scores), kept so that
       a query ranked by FTS5's sorter (`ORDER BY rank`), which asks for them once for its own cursor and
       once for the rows it returns, computes them once. Keyed by the function's arguments (weights,
       phrase weights, the MATCH expression) and by `epoch`, which every change of lengths or scope bumps. */
    uint64_t epoch;
    uint64_t cacheEpoch;
    char *cacheKey;
    int cachePhrases;
    double cacheAverage;
    double *cacheIDF;
    DocumentScore *cacheScores;
    sqlite3_int64 cacheScoreCount;
    long long computed; /* statistics computed (not taken from the cache), for tests */
};

#define NO_LENGTH UINT32_MAX

/// The arguments of footnote_bm25 after the table: one weight per column, the weight of the document
/// side (0 or absent: rows alone), and the weights of the phrases before the query's NOT part as text
/// ("1 3 1": the query repeated its second word three times). Absent: every phrase weighs 1. Phrases
/// past the listed ones (the NOT part) weigh 0 on the document side.
#define COLUMNS 4

static double document_weight(sqlite3_value **arguments, int argumentCount) {
    return argumentCount > COLUMNS ? sqlite3_value_double(arguments[COLUMNS]) : 0.0;
}

/// Fills `weights` (one per phrase) from the phrase-weight argument; returns how many phrases it lists.
static int phrase_weights(sqlite3_value **arguments, int argumentCount, int phrases, double *weights) {
    for (int i = 0; i < phrases; i++) weights[i] = 1.0;
    if (argumentCount <= COLUMNS + 1) return phrases;
    const char *text = (const char *)sqlite3_value_text(arguments[COLUMNS + 1]);
    int listed = 0;
    while (text && *text && listed < phrases) {
        char *end = NULL;
        double value = strtod(text, &end);
        if (end == text) break;
        weights[listed++] = value > 0 ? value : 0;
        text = end;
    }
    for (int i = listed; i < phrases; i++) weights[i] = 0.0;
    return listed;
}

void footnote_rank_clear_lengths(FootnoteRank *rank) {
    if (!rank) return;
    free(rank->dense);
    free(rank->sparseIDs);
    free(rank->sparseLengths);
    free(rank->denseDocs);
    free(rank->sparseDocs);
    free(rank->documentLengths);
    rank->dense = NULL;
    rank->sparseIDs = NULL;
    rank->sparseLengths = NULL;
    rank->denseDocs = rank->sparseDocs = NULL;
    rank->documentLengths = NULL;
    rank->base = rank->count = rank->span = rank->documentCount = rank->totalTokens = 0;
    rank->epoch++;
}

long long footnote_rank_cached_rows(const FootnoteRank *rank) { return rank ? rank->count : 0; }

long long footnote_rank_computed_queries(const FootnoteRank *rank) { return rank ? rank->computed : 0; }

void footnote_rank_clear_scope(FootnoteRank *rank) {
    if (!rank) return;
    free(rank->scopeIDs);
    rank->scopeIDs = NULL;
    rank->scopeCount = rank->scopeTokens = rank->scopeDocuments = 0;
    rank->scoped = 0;
    rank->epoch++;
}

void footnote_rank_use_scope(FootnoteRank *rank, int enabled) {
    if (!rank) return;
    rank->scoped = enabled && rank->scopeIDs != NULL;
    rank->epoch++;
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

/// The cached length of `rowid` and the index of its document (NO_LENGTH when unknown).
static int lookup_row(const FootnoteRank *rank, sqlite3_int64 rowid, uint32_t *length, uint32_t *document) {
    if (rank->dense) {
        sqlite3_int64 index = rowid - rank->base;
        if (index < 0 || index >= rank->span || rank->dense[index] == NO_LENGTH) return 0;
        *length = rank->dense[index];
        if (document) *document = rank->denseDocs ? rank->denseDocs[index] : NO_LENGTH;
        return 1;
    }
    sqlite3_int64 low = 0, high = rank->count - 1;
    while (low <= high) {
        sqlite3_int64 mid = low + (high - low) / 2;
        sqlite3_int64 id = rank->sparseIDs[mid];
        if (id == rowid) {
            *length = rank->sparseLengths[mid];
            if (document) *document = rank->sparseDocs ? rank->sparseDocs[mid] : NO_LENGTH;
            return 1;
        }
        if (id < rowid) low = mid + 1; else high = mid - 1;
    }
    return 0;
}

int footnote_rank_set_scope(FootnoteRank *rank, const long long *ids, long long count) {
    if (!rank || count < 0 || (count > 0 && !ids)) return SQLITE_MISUSE;
    footnote_rank_clear_scope(rank);
    sqlite3_int64 *copy = malloc(sizeof(sqlite3_int64) * (count > 0 ? count : 1));
    if (!copy) return SQLITE_NOMEM;
    unsigned char *seen = rank->documentCount > 0 ? calloc((size_t)rank->documentCount, 1) : NULL;
    if (rank->documentCount > 0 && !seen) { free(copy); return SQLITE_NOMEM; }
    sqlite3_int64 tokens = 0, documents = 0;
    for (sqlite3_int64 i = 0; i < count; i++) {
        uint32_t length = 0, document = NO_LENGTH;
        if ((i > 0 && ids[i] <= ids[i - 1]) || !lookup_row(rank, ids[i], &length, &document)) {
            free(copy);
            free(seen);
            return SQLITE_NOTFOUND;
        }
        copy[i] = ids[i];
        tokens += length;
        if (seen && document < rank->documentCount && !seen[document]) { seen[document] = 1; documents++; }
    }
    free(seen);
    rank->scopeIDs = copy;
    rank->scopeCount = count;
    rank->scopeTokens = tokens;
    rank->scopeDocuments = documents;
    rank->epoch++;
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

int footnote_rank_load_lengths(FootnoteRank *rank, sqlite3 *db, const char *docsize_table, const char *rows_table) {
    if (!rank) return SQLITE_MISUSE;
    footnote_rank_clear_lengths(rank);
    /* Each row's length and its document, numbered 0..<documents in document order. */
    char *sql = sqlite3_mprintf(
        "SELECT s.id, s.sz, dense_rank() OVER (ORDER BY r.document_id) - 1 FROM \"%w\" s JOIN \"%w\" r ON r.id = s.id ORDER BY s.id",
        docsize_table, rows_table);
    if (!sql) return SQLITE_NOMEM;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &statement, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return rc;
    sqlite3_int64 capacity = 1024, count = 0, documents = 0;
    sqlite3_int64 *ids = malloc(sizeof(sqlite3_int64) * capacity);
    uint32_t *lengths = malloc(sizeof(uint32_t) * capacity);
    uint32_t *docs = malloc(sizeof(uint32_t) * capacity);
    if (!ids || !lengths || !docs) rc = SQLITE_NOMEM;
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (count == capacity) {
            capacity *= 2;
            sqlite3_int64 *grownIDs = realloc(ids, sizeof(sqlite3_int64) * capacity);
            if (grownIDs) ids = grownIDs;
            uint32_t *grownLengths = realloc(lengths, sizeof(uint32_t) * capacity);
            if (grownLengths) lengths = grownLengths;
            uint32_t *grownDocs = realloc(docs, sizeof(uint32_t) * capacity);
            if (grownDocs) docs = grownDocs;
            if (!grownIDs || !grownLengths || !grownDocs) { rc = SQLITE_NOMEM; break; }
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
        sqlite3_int64 document = sqlite3_column_int64(statement, 2);
        if (document < 0 || document >= NO_LENGTH) { rc = SQLITE_RANGE; break; }
        ids[count] = sqlite3_column_int64(statement, 0);
        lengths[count] = total >= NO_LENGTH ? NO_LENGTH - 1 : (uint32_t)total;
        docs[count] = (uint32_t)document;
        if (document + 1 > documents) documents = document + 1;
        count++;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(statement);
    uint64_t *documentLengths = rc == SQLITE_OK && documents > 0 ? calloc((size_t)documents, sizeof(uint64_t)) : NULL;
    if (rc == SQLITE_OK && documents > 0 && !documentLengths) rc = SQLITE_NOMEM;
    if (rc != SQLITE_OK || count == 0) { free(ids); free(lengths); free(docs); free(documentLengths); return rc; }
    sqlite3_int64 tokens = 0;
    for (sqlite3_int64 i = 0; i < count; i++) {
        documentLengths[docs[i]] += lengths[i];
        tokens += lengths[i];
    }
    rank->documentLengths = documentLengths;
    rank->documentCount = documents;
    rank->totalTokens = tokens;
    rank->epoch++;
    sqlite3_int64 span = ids[count - 1] - ids[0] + 1;
    if (span <= 4 * count + 65536) {
        uint32_t *dense = malloc(sizeof(uint32_t) * span);
        uint32_t *denseDocs = malloc(sizeof(uint32_t) * span);
        if (dense && denseDocs) {
            for (sqlite3_int64 i = 0; i < span; i++) dense[i] = denseDocs[i] = NO_LENGTH;
            for (sqlite3_int64 i = 0; i < count; i++) {
                dense[ids[i] - ids[0]] = lengths[i];
                denseDocs[ids[i] - ids[0]] = docs[i];
            }
            rank->dense = dense;
            rank->denseDocs = denseDocs;
            rank->base = ids[0];
            rank->span = span;
            rank->count = count;
            free(ids);
            free(lengths);
            free(docs);
            return SQLITE_OK;
        }
        free(dense);
        free(denseDocs);
    }
    rank->sparseIDs = ids;
    rank->sparseLengths = lengths;
    rank->sparseDocs = docs;
    rank->count = count;
    return SQLITE_OK;
}

/// A document's weighted frequency of one phrase: summed over its rows for the body and CJK columns,
/// the largest of its rows for the title and heading columns (every row of a document repeats its title,
/// and the rows under one heading repeat that heading).
typedef struct {
    uint32_t document;
    double sum;
    double title;
    double heading;
} DocumentFrequency;

/// Per-query data, computed on the first row: IDF per phrase, the average row length and the score of
/// every document that holds a matching row.
typedef struct {
    int phraseCount;
    double averageLength;
    double *idf;      /* times the phrase's query weight */
    double *frequency;
    DocumentScore *documentScores; /* sorted by document */
    sqlite3_int64 documentScoreCount;
} QueryData;

static void free_query_data(void *pointer) {
    QueryData *data = pointer;
    if (!data) return;
    free(data->idf);
    free(data->frequency);
    free(data->documentScores);
    free(data);
}

typedef struct {
    const FootnoteRank *rank;  /* NULL: no document side */
    const FootnoteRank *scope; /* NULL: count every row */
    sqlite3_value **weights;
    int weightCount;
    sqlite3_int64 hits;
    DocumentFrequency *entries;
    sqlite3_int64 count;
    sqlite3_int64 capacity;
} PhraseCount;

static int count_callback(const Fts5ExtensionApi *api, Fts5Context *context, void *user) {
    PhraseCount *count = user;
    sqlite3_int64 rowid = api->xRowid(context);
    if (count->scope && !in_scope(count->scope, rowid)) return SQLITE_OK;
    count->hits++;
    uint32_t length = 0, document = NO_LENGTH;
    if (!count->rank || !lookup_row(count->rank, rowid, &length, &document) || document == NO_LENGTH) return SQLITE_OK;
    int instances = 0;
    int rc = api->xInstCount(context, &instances);
    double columns[4] = {0, 0, 0, 0};
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase = 0, column = 0, offset = 0;
        rc = api->xInst(context, i, &phrase, &column, &offset);
        double weight = column >= 0 && column < COLUMNS && count->weightCount > column ? sqlite3_value_double(count->weights[column]) : 1.0;
        if (rc == SQLITE_OK) columns[column >= 0 && column < COLUMNS ? column : COLUMNS - 1] += weight;
    }
    if (rc != SQLITE_OK) return rc;
    DocumentFrequency *last = count->count > 0 ? &count->entries[count->count - 1] : NULL;
    if (last && last->document == document) {
        last->sum += columns[2] + columns[3];
        if (columns[0] > last->title) last->title = columns[0];
        if (columns[1] > last->heading) last->heading = columns[1];
        return SQLITE_OK;
    }
    if (count->count == count->capacity) {
        sqlite3_int64 capacity = count->capacity ? count->capacity * 2 : 256;
        DocumentFrequency *grown = realloc(count->entries, sizeof(DocumentFrequency) * capacity);
        if (!grown) return SQLITE_NOMEM;
        count->entries = grown;
        count->capacity = capacity;
    }
    count->entries[count->count++] = (DocumentFrequency){document, columns[2] + columns[3], columns[0], columns[1]};
    return SQLITE_OK;
}

static int by_document(const void *a, const void *b) {
    uint32_t x = ((const DocumentFrequency *)a)->document, y = ((const DocumentFrequency *)b)->document;
    return x < y ? -1 : x > y;
}

static int score_by_document(const void *a, const void *b) {
    uint32_t x = ((const DocumentScore *)a)->document, y = ((const DocumentScore *)b)->document;
    return x < y ? -1 : x > y;
}

/// Merges the entries of one document (rows of a document are usually consecutive rowids, but a
/// document rewritten in place may interleave). Returns the new count.
static sqlite3_int64 merge_documents(DocumentFrequency *entries, sqlite3_int64 count) {
    int sorted = 1;
    for (sqlite3_int64 i = 1; i < count && sorted; i++) sorted = entries[i - 1].document < entries[i].document;
    if (sorted) return count;
    qsort(entries, (size_t)count, sizeof(DocumentFrequency), by_document);
    sqlite3_int64 kept = 0;
    for (sqlite3_int64 i = 0; i < count; i++) {
        if (kept > 0 && entries[kept - 1].document == entries[i].document) {
            DocumentFrequency *into = &entries[kept - 1];
            into->sum += entries[i].sum;
            if (entries[i].title > into->title) into->title = entries[i].title;
            if (entries[i].heading > into->heading) into->heading = entries[i].heading;
        } else {
            entries[kept++] = entries[i];
        }
    }
    return kept;
}

static double bm25_term(double idf, double frequency, double length, double averageLength) {
    const double k1 = 1.2, b = 0.75;
    return idf * (frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * length / averageLength));
}

static double lucene_idf(double rows, double hits) {
    return log(1.0 + (rows - hits + 0.5) / (hits + 0.5));
}

static void clear_cache(FootnoteRank *rank) {
    free(rank->cacheKey);
    free(rank->cacheIDF);
    free(rank->cacheScores);
    rank->cacheKey = NULL;
    rank->cacheIDF = NULL;
    rank->cacheScores = NULL;
    rank->cachePhrases = 0;
    rank->cacheScoreCount = 0;
}

/// The cache key of a call: its arguments after the table as text, when the MATCH expression is one of
/// them (the argument after the phrase weights); NULL otherwise (nothing is cached).
static char *cache_key(sqlite3_value **arguments, int argumentCount) {
    if (argumentCount <= COLUMNS + 2) return NULL;
    size_t length = 1;
    for (int i = 0; i < argumentCount; i++) length += (size_t)sqlite3_value_bytes(arguments[i]) + 1;
    char *key = malloc(length);
    if (!key) return NULL;
    size_t used = 0;
    for (int i = 0; i < argumentCount; i++) {
        const unsigned char *text = sqlite3_value_text(arguments[i]);
        int bytes = sqlite3_value_bytes(arguments[i]);
        if (text && bytes > 0) { memcpy(key + used, text, (size_t)bytes); used += (size_t)bytes; }
        key[used++] = '\x1f';
    }
    key[used] = 0;
    return key;
}

/// Copies the cached statistics into `data` when `key` and the epoch match; returns whether it did.
static int from_cache(const FootnoteRank *rank, const char *key, int phrases, QueryData *data) {
    if (!rank || !key || !rank->cacheKey || rank->cacheEpoch != rank->epoch || rank->cachePhrases != phrases
        || strcmp(rank->cacheKey, key) != 0) return 0;
    memcpy(data->idf, rank->cacheIDF, sizeof(double) * (phrases > 0 ? phrases : 1));
    data->averageLength = rank->cacheAverage;
    if (rank->cacheScoreCount > 0) {
        data->documentScores = malloc(sizeof(DocumentScore) * rank->cacheScoreCount);
        if (!data->documentScores) return 0;
        memcpy(data->documentScores, rank->cacheScores, sizeof(DocumentScore) * rank->cacheScoreCount);
        data->documentScoreCount = rank->cacheScoreCount;
    }
    return 1;
}

/// Keeps a copy of `data`'s statistics under `key` (takes `key`; frees it when the copy fails).
static void to_cache(FootnoteRank *rank, char *key, const QueryData *data) {
    if (!rank || !key) { free(key); return; }
    clear_cache(rank);
    int phrases = data->phraseCount > 0 ? data->phraseCount : 1;
    rank->cacheIDF = malloc(sizeof(double) * phrases);
    rank->cacheScores = data->documentScoreCount > 0 ? malloc(sizeof(DocumentScore) * data->documentScoreCount) : NULL;
    if (!rank->cacheIDF || (data->documentScoreCount > 0 && !rank->cacheScores)) { free(key); clear_cache(rank); return; }
    memcpy(rank->cacheIDF, data->idf, sizeof(double) * phrases);
    if (data->documentScoreCount > 0) memcpy(rank->cacheScores, data->documentScores, sizeof(DocumentScore) * data->documentScoreCount);
    rank->cacheScoreCount = data->documentScoreCount;
    rank->cachePhrases = data->phraseCount;
    rank->cacheAverage = data->averageLength;
    rank->cacheEpoch = rank->epoch;
    rank->cacheKey = key;
}

/// Row statistics: Lucene's IDF, log(1 + (N - n + 0.5) / (n + 0.5)), as bm25s, Lucene and Elasticsearch
/// compute it: positive for every term, so a word in more than half of a small corpus still counts
/// (FTS5's bm25() floors log((N - n + 0.5) / (n + 0.5)) at 1e-6 and drops it). Document statistics: the
/// same BM25 over documents (a document's frequency of a phrase and its length add up its rows).
/// Both over the scope's rows when one is in use.
static int query_data(const Fts5ExtensionApi *api, Fts5Context *context, FootnoteRank *rank,
                      sqlite3_value **weights, int weightCount, QueryData **out) {
    QueryData *data = api->xGetAuxdata(context, 0);
    if (data) { *out = data; return SQLITE_OK; }
    int phrases = api->xPhraseCount(context);
    data = calloc(1, sizeof(QueryData));
    if (!data) return SQLITE_NOMEM;
    data->phraseCount = phrases;
    data->idf = calloc(phrases > 0 ? phrases : 1, sizeof(double));
    data->frequency = calloc(phrases > 0 ? phrases : 1, sizeof(double));
    if (!data->idf || !data->frequency) { free_query_data(data); return SQLITE_NOMEM; }
    char *key = cache_key(weights, weightCount);
    if (from_cache(rank, key, phrases, data)) {
        free(key);
        int rc = api->xSetAuxdata(context, data, free_query_data);
        if (rc == SQLITE_OK) *out = data; else free_query_data(data);
        return rc;
    }
    if (rank) rank->computed++;
    const FootnoteRank *scope = rank && rank->scoped ? rank : NULL;
    const FootnoteRank *documents = rank && rank->documentLengths && document_weight(weights, weightCount) > 0 ? rank : NULL;
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
    double documentCount = 0, averageDocumentLength = 1;
    if (documents) {
        documentCount = (double)(scope ? scope->scopeDocuments : documents->documentCount);
        double documentTokens = (double)(scope ? scope->scopeTokens : documents->totalTokens);
        if (documentCount > 0 && documentTokens > 0) averageDocumentLength = documentTokens / documentCount;
    }
    DocumentScore *scores = NULL;
    sqlite3_int64 scoreCount = 0, scoreCapacity = 0;
    double *queryWeights = calloc(phrases > 0 ? phrases : 1, sizeof(double));
    if (!queryWeights) { free_query_data(data); return SQLITE_NOMEM; }
    int positives = phrase_weights(weights, weightCount, phrases, queryWeights);
    for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
        PhraseCount count = {i < positives ? documents : NULL, scope, weights, weightCount, 0, NULL, 0, 0};
        rc = api->xQueryPhrase(context, i, &count, count_callback);
        /* A phrase of the NOT part matches no returned row: its weight only matters on the document side. */
        data->idf[i] = (i < positives ? queryWeights[i] : 1.0) * lucene_idf((double)rows, (double)count.hits);
        if (rc == SQLITE_OK && documents && count.count > 0) {
            sqlite3_int64 entries = merge_documents(count.entries, count.count);
            double idf = queryWeights[i] * lucene_idf(documentCount, (double)entries);
            if (scoreCount + entries > scoreCapacity) {
                sqlite3_int64 capacity = (scoreCount + entries) * 2;
                DocumentScore *grown = realloc(scores, sizeof(DocumentScore) * capacity);
                if (!grown) rc = SQLITE_NOMEM; else { scores = grown; scoreCapacity = capacity; }
            }
            for (sqlite3_int64 e = 0; rc == SQLITE_OK && e < entries; e++) {
                DocumentFrequency *entry = &count.entries[e];
                double length = (double)documents->documentLengths[entry->document];
                scores[scoreCount++] = (DocumentScore){entry->document,
                    bm25_term(idf, entry->sum + entry->title + entry->heading, length, averageDocumentLength)};
            }
        }
        free(count.entries);
    }
    if (rc == SQLITE_OK && scoreCount > 0) {
        qsort(scores, (size_t)scoreCount, sizeof(DocumentScore), score_by_document);
        sqlite3_int64 kept = 0;
        for (sqlite3_int64 i = 0; i < scoreCount; i++) {
            if (kept > 0 && scores[kept - 1].document == scores[i].document) scores[kept - 1].score += scores[i].score;
            else scores[kept++] = scores[i];
        }
        data->documentScores = scores;
        data->documentScoreCount = kept;
        scores = NULL;
    }
    free(scores);
    free(queryWeights);
    if (rc == SQLITE_OK) to_cache(rank, key, data); else free(key);
    if (rc == SQLITE_OK) rc = api->xSetAuxdata(context, data, free_query_data);
    else free_query_data(data);
    if (rc == SQLITE_OK) *out = data;
    return rc;
}

static double document_score(const QueryData *data, uint32_t document) {
    sqlite3_int64 low = 0, high = data->documentScoreCount - 1;
    while (low <= high) {
        sqlite3_int64 mid = low + (high - low) / 2;
        uint32_t id = data->documentScores[mid].document;
        if (id == document) return data->documentScores[mid].score;
        if (id < document) low = mid + 1; else high = mid - 1;
    }
    return 0;
}

static void footnote_bm25(const Fts5ExtensionApi *api, Fts5Context *context, sqlite3_context *result,
                          int argumentCount, sqlite3_value **arguments) {
    FootnoteRank *rank = api->xUserData(context);
    QueryData *data = NULL;
    int rc = query_data(api, context, rank, arguments, argumentCount, &data);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(result, rc); return; }
    memset(data->frequency, 0, sizeof(double) * (data->phraseCount > 0 ? data->phraseCount : 1));
    int instances = 0;
    rc = api->xInstCount(context, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase = 0, column = 0, offset = 0;
        rc = api->xInst(context, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < data->phraseCount) {
            data->frequency[phrase] += column >= 0 && column < COLUMNS && argumentCount > column ? sqlite3_value_double(arguments[column]) : 1.0;
        }
    }
    uint32_t cached = 0, document = NO_LENGTH;
    double length = 0;
    if (rc == SQLITE_OK) {
        if (rank && lookup_row(rank, api->xRowid(context), &cached, &document)) {
            length = (double)cached;
        } else {
            int tokens = 0;
            rc = api->xColumnSize(context, -1, &tokens);
            length = (double)tokens;
        }
    }
    if (rc != SQLITE_OK) { sqlite3_result_error_code(result, rc); return; }
    double score = 0;
    for (int i = 0; i < data->phraseCount; i++) {
        score += bm25_term(data->idf[i], data->frequency[i], length, data->averageLength);
    }
    if (document != NO_LENGTH && data->documentScores) {
        score += document_weight(arguments, argumentCount) * document_score(data, document);
    }
    sqlite3_result_double(result, -score);
}

static void destroy_rank(void *pointer) {
    FootnoteRank *rank = pointer;
    footnote_rank_clear_lengths(rank);
    footnote_rank_clear_scope(rank);
    clear_cache(rank);
    free(rank);
}

FootnoteRank *footnote_rank_register(sqlite3 *db) {
    fts5_api *api = footnote_fts5_api(db);
    if (!api) return NULL;
    FootnoteRank *rank = calloc(1, sizeof(FootnoteRank));
    if (!rank) return NULL;
    if (api->xCreateFunction(api, "footnote_bm25", rank, footnote_bm25, destroy_rank) != SQLITE_OK) {
        free(rank);
        return NULL;
    }
    return rank;
}
