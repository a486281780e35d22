/*
 * glossa_sqlite: language identification as SQLite functions.
 *
 *   .load build/glossa_sqlite
 *   SELECT glossa_detect(body), glossa_prob(body) FROM pages;
 *
 *   glossa_detect(text [, allowlist [, prior [, min_prob]]])
 *                                      BCP 47 tag of the most likely language
 *                                      ('und' when the text has no letters,
 *                                      or its probability is below min_prob)
 *   glossa_prob(text [, allowlist [, prior [, min_prob]]])
 *                                      its probability (0.0 for 'und')
 *   glossa_top(text, k [, allowlist [, prior [, min_prob]]])
 *                                      the k (1 to 50) most likely as a JSON
 *                                      array, best first: [{"lang":"nl",
 *                                      "prob":0.8719},{"lang":"af", ...}]
 *   glossa_reliable(text [, allowlist [, prior [, min_prob]]])
 *                                      1 when the answer can be trusted (the
 *                                      CLI's reliable), else 0
 *   glossa_spans(text [, allowlist [, prior]])
 *                                      a JSON array of the spans of one
 *                                      language: [{"start":0,"end":174,
 *                                      "cstart":1,"cend":172,"lang":"nl",
 *                                      "prob":0.9930}, ...] with byte offsets
 *                                      [start, end) and 1-based character
 *                                      positions [cstart, cend), as substr()
 *                                      counts them
 *   glossa_summary(text [, allowlist [, prior]])
 *                                      the languages by their share of the
 *                                      letters, as JSON: {"languages":[{"lang":
 *                                      "nl","share":0.8921,"letters":215}, ...],
 *                                      "spans":3,"letters":241,"mixed":true}
 *
 * A NULL text gives NULL. A BLOB is read as its bytes; a number as SQLite
 * writes it as text. allowlist is a string of comma-separated tags, as
 * glossa --only takes them ('en,de,nl', 'de-DE, zh-TW'); NULL means no
 * restriction, a tag that names no language of the model is an error.
 * prior is 'population' (the default, also for NULL: on a word or two,
 * prefer the languages more people write) or 'flat' (all alike). min_prob
 * is a number from 0 to 1 (NULL or absent: 0).
 *
 * One model (the one compiled into the library) is shared by every
 * connection of the process and freed with the last of them; each
 * connection has its own detector, held by its functions' user data and
 * freed when the last of them is dropped (when the connection closes).
 * SQLite serializes the calls on one connection, so the detector is never
 * used by two threads at once.
 */
#include <pthread.h>
#include <string.h>

#include <glossa.h>
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

/* The bound of the CLI's -k. */
#define MAX_K 50

/* ---- the shared model ---- */

static pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;
static glossa_model *shared_model;
static unsigned model_users;

static int model_acquire(glossa_model **out)
{
    int rc = GLOSSA_OK;
    pthread_mutex_lock(&model_lock);
    if (!shared_model)
        rc = glossa_model_load_default(&shared_model);
    if (rc == GLOSSA_OK)
        model_users++;
    *out = shared_model;
    pthread_mutex_unlock(&model_lock);
    return rc;
}

static void model_release(void)
{
    pthread_mutex_lock(&model_lock);
    if (--model_users == 0) {
        glossa_model_free(shared_model);
        shared_model = NULL;
    }
    pthread_mutex_unlock(&model_lock);
}

/* ---- one connection ---- */

typedef struct {
    const glossa_model *model;
    glossa_detector *det;
    int refs; /* functions registered with this as user data */
} connection;

/* The xDestroy of every function: the last one frees the detector. SQLite
 * calls it under the connection's mutex. */
static void connection_release(void *p)
{
    connection *c = p;
    if (--c->refs > 0)
        return;
    glossa_detector_free(c->det);
    model_release();
    sqlite3_free(c);
}

/* ---- arguments ---- */

/* The text argument as bytes. Returns 1 with text and len set, or 0 when a
 * result is already set (NULL for a NULL text, or an error). */
static int text_arg(sqlite3_context *ctx, sqlite3_value *v, const char **text, size_t *len)
{
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return 0;
    }
    const void *p = type == SQLITE_BLOB ? sqlite3_value_blob(v) : (const void *)sqlite3_value_text(v);
    int n = sqlite3_value_bytes(v);
    /* sqlite3_value_blob gives NULL for an empty blob; otherwise NULL means
     * that memory ran out. */
    if (!p && (type != SQLITE_BLOB || n > 0)) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    *text = p ? p : "";
    *len = (size_t)n;
    return 1;
}

/* Parses an allowlist into set. Returns 1, or 0 with an error set. */
static int parse_allowlist(sqlite3_context *ctx, const char *fn, const glossa_model *model, const char *list,
                           glossa_langset *set)
{
    glossa_list_error e;
    glossa_langset_clear(set);
    int rc = glossa_langset_add_list(set, model, list, &e);
    if (rc == GLOSSA_OK)
        return 1;
    char *msg = sqlite3_mprintf("%s: allowlist: %s %s", fn, e.message,
                                rc == GLOSSA_E_INVALID_ARGUMENT ? "(give tags such as 'en,de,nl', or NULL for all)"
                                                                : "(glossa --list-languages names them)");
    sqlite3_result_error(ctx, msg ? msg : e.message, -1);
    sqlite3_free(msg);
    return 0;
}

/* The optional allowlist, argument at. Returns 1 with *only set (NULL when
 * there is no allowlist), or 0 with an error set. A constant allowlist is
 * parsed once per statement and kept as the argument's auxiliary data. */
static int allowlist_arg(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, int at,
                         glossa_langset *set, const glossa_langset **only)
{
    *only = NULL;
    if (argc <= at || sqlite3_value_type(argv[at]) == SQLITE_NULL)
        return 1;
    const glossa_langset *cached = sqlite3_get_auxdata(ctx, at);
    if (cached) {
        *set = *cached;
    } else {
        const connection *c = sqlite3_user_data(ctx);
        const char *list = (const char *)sqlite3_value_text(argv[at]);
        if (!list) {
            sqlite3_result_error_nomem(ctx);
            return 0;
        }
        if (!parse_allowlist(ctx, fn, c->model, list, set))
            return 0;
        glossa_langset *keep = sqlite3_malloc(sizeof *keep);
        if (keep) {
            *keep = *set;
            sqlite3_set_auxdata(ctx, at, keep, sqlite3_free);
        }
    }
    *only = set;
    return 1;
}

/* The optional prior, argument at, set on the connection's detector.
 * Returns 1, or 0 with an error set. */
static int prior_arg(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, int at)
{
    connection *c = sqlite3_user_data(ctx);
    int prior = GLOSSA_PRIOR_POPULATION;
    if (argc > at && sqlite3_value_type(argv[at]) != SQLITE_NULL) {
        const char *name = (const char *)sqlite3_value_text(argv[at]);
        if (name && strcmp(name, "flat") == 0) {
            prior = GLOSSA_PRIOR_FLAT;
        } else if (!name || strcmp(name, "population") != 0) {
            char *msg = sqlite3_mprintf("%s: unknown prior '%s' (population or flat)", fn, name ? name : "");
            sqlite3_result_error(ctx, msg ? msg : "unknown prior", -1);
            sqlite3_free(msg);
            return 0;
        }
    }
    glossa_detector_set_prior(c->det, prior, GLOSSA_PRIOR_STRENGTH);
    return 1;
}

static void report(sqlite3_context *ctx, const char *fn, int status)
{
    if (status == GLOSSA_E_NO_MEMORY) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char *msg = sqlite3_mprintf("%s: %s", fn, glossa_strerror(status));
    sqlite3_result_error(ctx, msg ? msg : glossa_strerror(status), -1);
    sqlite3_free(msg);
}

/* The optional min_prob, argument at, set on the connection's detector.
 * Returns 1, or 0 with an error set. */
static int min_prob_arg(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, int at)
{
    connection *c = sqlite3_user_data(ctx);
    double min_prob = 0.0;
    if (argc > at && sqlite3_value_type(argv[at]) != SQLITE_NULL) {
        int type = sqlite3_value_numeric_type(argv[at]);
        min_prob = sqlite3_value_double(argv[at]);
        if ((type != SQLITE_INTEGER && type != SQLITE_FLOAT) || !(min_prob >= 0.0 && min_prob <= 1.0)) {
            char *msg = sqlite3_mprintf("%s: min_prob must be a number from 0 to 1", fn);
            sqlite3_result_error(ctx, msg ? msg : "min_prob must be a number from 0 to 1", -1);
            sqlite3_free(msg);
            return 0;
        }
    }
    glossa_detector_set_min_probability(c->det, (float)min_prob);
    return 1;
}

/* The k of glossa_top (argument 1): an integer from 1 to MAX_K, as the
 * CLI's -k. Returns 1, or 0 with an error set. */
static int k_arg(sqlite3_context *ctx, sqlite3_value *v, size_t *k)
{
    int type = sqlite3_value_numeric_type(v);
    sqlite3_int64 n = sqlite3_value_int64(v);
    if (type != SQLITE_INTEGER || n < 1 || n > MAX_K) {
        const char *given = (const char *)sqlite3_value_text(v);
        char *msg = sqlite3_mprintf("glossa_top: k takes a number from 1 to %d, not '%s'", MAX_K,
                                    given ? given : "NULL");
        sqlite3_result_error(ctx, msg ? msg : "glossa_top: k takes a number from 1 to 50", -1);
        sqlite3_free(msg);
        return 0;
    }
    *k = (size_t)n;
    return 1;
}

/* Sets json's text as the result (or the error that building it met), and
 * frees json. */
static void result_json(sqlite3_context *ctx, sqlite3_str *json)
{
    if (sqlite3_str_errcode(json) != SQLITE_OK) {
        sqlite3_free(sqlite3_str_finish(json));
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int n = sqlite3_str_length(json);
    sqlite3_result_text(ctx, sqlite3_str_finish(json), n, sqlite3_free);
}

/* ---- the functions ---- */

/* Up to k guesses for the text argv[0], with the options (allowlist, prior,
 * min_prob) from argument opt on. Returns 1, or 0 with a result set. */
static int guess(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, int opt,
                 glossa_guess *guesses, size_t k, glossa_result *result)
{
    connection *c = sqlite3_user_data(ctx);
    const char *text;
    size_t len;
    glossa_langset set;
    const glossa_langset *only;
    if (!text_arg(ctx, argv[0], &text, &len) || !allowlist_arg(ctx, fn, argc, argv, opt, &set, &only) ||
        !prior_arg(ctx, fn, argc, argv, opt + 1) || !min_prob_arg(ctx, fn, argc, argv, opt + 2))
        return 0;
    int status = glossa_detect(c->det, text, len, only, guesses, k, result);
    if (status != GLOSSA_OK) {
        report(ctx, fn, status);
        return 0;
    }
    return 1;
}

static void detect_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const connection *c = sqlite3_user_data(ctx);
    glossa_guess best;
    if (guess(ctx, "glossa_detect", argc, argv, 1, &best, 1, NULL))
        sqlite3_result_text(ctx, glossa_model_language(c->model, best.language)->tag, -1, SQLITE_TRANSIENT);
}

static void prob_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    glossa_guess best;
    if (guess(ctx, "glossa_prob", argc, argv, 1, &best, 1, NULL))
        sqlite3_result_double(ctx, best.probability);
}

static void reliable_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    glossa_guess best;
    glossa_result r;
    if (guess(ctx, "glossa_reliable", argc, argv, 1, &best, 1, &r))
        sqlite3_result_int(ctx, r.reliable);
}

static void top_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const connection *c = sqlite3_user_data(ctx);
    glossa_guess top[MAX_K];
    glossa_result r;
    size_t k;
    if (!k_arg(ctx, argv[1], &k) || !guess(ctx, "glossa_top", argc, argv, 2, top, k, &r))
        return;
    sqlite3_str *json = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    for (size_t i = 0; i < r.count; i++)
        sqlite3_str_appendf(json, "%s{\"lang\":\"%s\",\"prob\":%.4f}", i ? "," : "[",
                            glossa_model_language(c->model, top[i].language)->tag, (double)top[i].probability);
    sqlite3_str_appendchar(json, 1, ']');
    result_json(ctx, json);
}

typedef struct {
    const glossa_model *model;
    sqlite3_str *json;
    int first;
    /* where the characters have been counted to */
    const unsigned char *text;
    size_t byte, chars;
    int in_sequence; /* byte - 1 is a lead byte or its continuation */
} span_writer;

/* The characters of the text before byte end, as SQLite's length() and
 * substr() count them in a TEXT: every byte but the continuation bytes
 * (10xxxxxx) that follow a lead byte (11xxxxxx), which are all its own. */
static size_t chars_to(span_writer *w, size_t end)
{
    for (; w->byte < end; w->byte++) {
        unsigned char b = w->text[w->byte];
        if ((b & 0xC0) != 0x80 || !w->in_sequence) {
            w->chars++;
            w->in_sequence = b >= 0xC0;
        }
    }
    return w->chars;
}

static void write_span(void *user, const glossa_span *span)
{
    span_writer *w = user;
    size_t cstart = chars_to(w, span->start) + 1;
    size_t cend = chars_to(w, span->end) + 1;
    sqlite3_str_appendf(w->json, "%s{\"start\":%lld,\"end\":%lld,\"cstart\":%lld,\"cend\":%lld,\"lang\":\"%s\",\"prob\":%.4f}",
                        w->first ? "" : ",", (sqlite3_int64)span->start, (sqlite3_int64)span->end,
                        (sqlite3_int64)cstart, (sqlite3_int64)cend,
                        glossa_model_language(w->model, span->language)->tag, (double)span->probability);
    w->first = 0;
}

/* The spans of the text argv[0], with the allowlist and prior of arguments
 * 1 and 2: to write_span with w (its json NULL: to none), and the summary.
 * Returns 1, or 0 with a result set. */
static int find_spans(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, span_writer *w,
                      glossa_summary *summary)
{
    connection *c = sqlite3_user_data(ctx);
    const char *text;
    size_t len;
    glossa_langset set;
    const glossa_langset *only;
    if (!text_arg(ctx, argv[0], &text, &len) || !allowlist_arg(ctx, fn, argc, argv, 1, &set, &only) ||
        !prior_arg(ctx, fn, argc, argv, 2))
        return 0;
    w->text = (const unsigned char *)text;
    int status = glossa_spans_begin(c->det, only, w->json ? write_span : NULL, w);
    if (status == GLOSSA_OK) {
        status = glossa_spans_feed(c->det, text, len);
        int end = glossa_spans_end(c->det, summary);
        if (status == GLOSSA_OK)
            status = end;
    }
    if (status != GLOSSA_OK) {
        report(ctx, fn, status);
        return 0;
    }
    return 1;
}

static void spans_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    connection *c = sqlite3_user_data(ctx);
    span_writer w = {c->model, sqlite3_str_new(sqlite3_context_db_handle(ctx)), 1, NULL, 0, 0, 0};
    sqlite3_str_appendchar(w.json, 1, '[');
    if (!find_spans(ctx, "glossa_spans", argc, argv, &w, NULL)) {
        sqlite3_free(sqlite3_str_finish(w.json));
        return;
    }
    sqlite3_str_appendchar(w.json, 1, ']');
    result_json(ctx, w.json);
}

static void summary_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    connection *c = sqlite3_user_data(ctx);
    span_writer none = {c->model, NULL, 1, NULL, 0, 0, 0};
    glossa_summary s;
    if (!find_spans(ctx, "glossa_summary", argc, argv, &none, &s))
        return;
    sqlite3_str *json = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    sqlite3_str_appendall(json, "{\"languages\":[");
    for (size_t i = 0; i < s.count; i++)
        sqlite3_str_appendf(json, "%s{\"lang\":\"%s\",\"share\":%.4f,\"letters\":%lld}", i ? "," : "",
                            glossa_model_language(c->model, s.top[i].language)->tag, (double)s.top[i].share,
                            (sqlite3_int64)s.top[i].letters);
    sqlite3_str_appendf(json, "],\"spans\":%lld,\"letters\":%lld,\"mixed\":%s}", (sqlite3_int64)s.spans,
                        (sqlite3_int64)s.letters, s.mixed ? "true" : "false");
    result_json(ctx, json);
}

/* ---- entry point: the name SQLite derives from "glossa_sqlite.so" ---- */

#ifdef _WIN32
__declspec(dllexport)
#elif defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int sqlite3_glossasqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    /* Each function with fewest to most arguments. */
    static const struct {
        const char *name;
        int fewest, most;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } functions[] = {
        {"glossa_detect", 1, 4, detect_fn},     {"glossa_prob", 1, 4, prob_fn},
        {"glossa_reliable", 1, 4, reliable_fn}, {"glossa_top", 2, 5, top_fn},
        {"glossa_spans", 1, 3, spans_fn},       {"glossa_summary", 1, 3, summary_fn},
    };
    connection *c = sqlite3_malloc(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    glossa_model *model;
    int status = model_acquire(&model);
    if (status == GLOSSA_OK) {
        c->model = model;
        status = glossa_detector_create(model, &c->det);
        if (status != GLOSSA_OK)
            model_release();
    }
    if (status != GLOSSA_OK) {
        *err = sqlite3_mprintf("glossa: %s", glossa_strerror(status));
        sqlite3_free(c);
        return SQLITE_ERROR;
    }
    c->refs = 0;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        for (int args = functions[i].fewest; args <= functions[i].most; args++) {
            /* On failure SQLite calls connection_release itself. */
            c->refs++;
            int rc = sqlite3_create_function_v2(db, functions[i].name, args,
                                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, c,
                                                functions[i].fn, NULL, NULL, connection_release);
            if (rc != SQLITE_OK)
                return rc;
        }
    return SQLITE_OK;
}
