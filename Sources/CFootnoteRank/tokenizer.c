#include "footnote_rank.h"
#include "fts5_lookup.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

/// The `footnote_stem` FTS5 tokenizer: another tokenizer's tokens (e.g. unicode61's, lowercased and
/// without diacritics), each reduced by the Snowball English stemmer (Porter2, as bm25s, Lucene's
/// EnglishAnalyzer and Elasticsearch's `english` use it). Arguments: the wrapped tokenizer and its own.
typedef struct {
    fts5_tokenizer parent;
    Fts5Tokenizer *parentInstance;
    struct sb_stemmer *stemmer;
} StemTokenizer;

typedef struct {
    StemTokenizer *tokenizer;
    void *context;
    int (*token)(void *, int, const char *, int, int, int);
} StemCall;

/// Longer tokens (hashes, base64, runs of letters) are indexed as they are, as FTS5's porter does.
#define MAX_STEMMED_BYTES 64

fts5_api *footnote_fts5_api(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api && api->iVersion >= 2 ? api : NULL;
}

static void stem_delete(Fts5Tokenizer *pointer) {
    StemTokenizer *tokenizer = (StemTokenizer *)pointer;
    if (!tokenizer) return;
    if (tokenizer->parentInstance) tokenizer->parent.xDelete(tokenizer->parentInstance);
    if (tokenizer->stemmer) sb_stemmer_delete(tokenizer->stemmer);
    free(tokenizer);
}

static int stem_create(void *context, const char **arguments, int argumentCount, Fts5Tokenizer **out) {
    fts5_api *api = context;
    StemTokenizer *tokenizer = calloc(1, sizeof(StemTokenizer));
    if (!tokenizer) return SQLITE_NOMEM;
    const char *parentName = argumentCount > 0 ? arguments[0] : "unicode61";
    void *parentContext = NULL;
    int rc = api->xFindTokenizer(api, parentName, &parentContext, &tokenizer->parent);
    if (rc == SQLITE_OK) {
        rc = tokenizer->parent.xCreate(parentContext, argumentCount > 1 ? &arguments[1] : NULL,
                                       argumentCount > 1 ? argumentCount - 1 : 0, &tokenizer->parentInstance);
    }
    if (rc == SQLITE_OK) {
        tokenizer->stemmer = sb_stemmer_new("english", "UTF_8");
        if (!tokenizer->stemmer) rc = SQLITE_NOMEM;
    }
    if (rc != SQLITE_OK) {
        stem_delete((Fts5Tokenizer *)tokenizer);
        return rc;
    }
    *out = (Fts5Tokenizer *)tokenizer;
    return SQLITE_OK;
}

static int stem_token(void *pointer, int flags, const char *token, int length, int start, int end) {
    StemCall *call = pointer;
    if (length <= 0 || length > MAX_STEMMED_BYTES) return call->token(call->context, flags, token, length, start, end);
    const sb_symbol *stemmed = sb_stemmer_stem(call->tokenizer->stemmer, (const sb_symbol *)token, length);
    if (!stemmed) return SQLITE_NOMEM;
    return call->token(call->context, flags, (const char *)stemmed, sb_stemmer_length(call->tokenizer->stemmer), start, end);
}

static int stem_tokenize(Fts5Tokenizer *pointer, void *context, int flags, const char *text, int length,
                         int (*token)(void *, int, const char *, int, int, int)) {
    StemTokenizer *tokenizer = (StemTokenizer *)pointer;
    StemCall call = {tokenizer, context, token};
    return tokenizer->parent.xTokenize(tokenizer->parentInstance, &call, flags, text, length, stem_token);
}

int footnote_tokenizer_register(sqlite3 *db) {
    fts5_api *api = footnote_fts5_api(db);
    if (!api) return SQLITE_ERROR;
    fts5_tokenizer tokenizer = {stem_create, stem_delete, stem_tokenize};
    return api->xCreateTokenizer(api, "footnote_stem", api, &tokenizer, NULL);
}

/// An instance of the index's tokenizer (`footnote_stem unicode61 remove_diacritics 2`) kept for analysing
/// text outside FTS5: the PostgreSQL store writes and queries the very tokens FTS5 would.
struct FootnoteAnalyzer {
    fts5_tokenizer methods;
    Fts5Tokenizer *instance;
};

FootnoteAnalyzer *footnote_analyzer_create(sqlite3 *db) {
    fts5_api *api = footnote_fts5_api(db);
    if (!api || footnote_tokenizer_register(db) != SQLITE_OK) return NULL;
    FootnoteAnalyzer *analyzer = calloc(1, sizeof(FootnoteAnalyzer));
    if (!analyzer) return NULL;
    void *context = NULL;
    const char *arguments[] = {"unicode61", "remove_diacritics", "2"};
    if (api->xFindTokenizer(api, "footnote_stem", &context, &analyzer->methods) != SQLITE_OK
        || analyzer->methods.xCreate(context, arguments, 3, &analyzer->instance) != SQLITE_OK) {
        free(analyzer);
        return NULL;
    }
    return analyzer;
}

void footnote_analyzer_free(FootnoteAnalyzer *analyzer) {
    if (!analyzer) return;
    if (analyzer->instance) analyzer->methods.xDelete(analyzer->instance);
    free(analyzer);
}

typedef struct {
    footnote_token_callback callback;
    void *context;
} AnalyzerCall;

static int analyzer_token(void *pointer, int flags, const char *token, int length, int start, int end) {
    AnalyzerCall *call = pointer;
    (void)flags;
    return call->callback(call->context, token, length, start, end);
}

int footnote_analyzer_tokenize(FootnoteAnalyzer *analyzer, const char *text, int length, int query, int prefix,
                               footnote_token_callback callback, void *context) {
    if (!analyzer || !callback) return SQLITE_MISUSE;
    AnalyzerCall call = {callback, context};
    int flags = query ? FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0) : FTS5_TOKENIZE_DOCUMENT;
    return analyzer->methods.xTokenize(analyzer->instance, &call, flags, text, length, analyzer_token);
}
