/* glossa-train: trains a glossa model from the corpus's train files:
 * train/ (corpus v1) and every sources/NAME/train/ (corpus v2).
 *
 * The model is fastText-like: every feature (character n-grams and words,
 * see src/featurizer.h) has a row in a hashed table; a text's hidden vector is
 * the mean of its rows; a linear layer and a softmax over the candidate
 * languages of its script give the probabilities. It is trained by SGD on
 * the cross-entropy, on a balanced sample of every language (each epoch
 * about the same text of each, spread over its sources by the square root
 * of their sizes): pieces of lines (up to PIECE_BYTES) and short snippets
 * of one to five words, so that the model learns single words and word
 * pairs as well as sentences. Some pieces lose their diacritics or get
 * numbers, @handles, URLs or e-mail addresses around them, as real text
 * does, and some Japanese pieces keep only their kanji, as names and
 * titles are written (augment()); case needs nothing, since features are
 * lowercased. A non-language class (zxx) learns made-up keyboard mash,
 * laughter and random letters (tools/non_language.c).
 * Afterwards the table is quantized to 8 bits and a length-dependent
 * softmax sharpness is fitted on held-out train lines (never on dev/).
 * Then the groups of close languages that the model confuses on held-out
 * lines get refiners of their own (model_format.h; "close-language
 * refiners" below); --base reads a model already trained on the corpus and
 * trains its refiners only. Last, with --unseen-sources, the final
 * softmax's temperature is fitted on train files kept out of training
 * ("the temperature" below), or --temperature writes a given one.
 *
 * The trainer links the library's own featurizer, script sets and model
 * format, so training and detection see the same features.
 * With --threads 1 (the default) training is deterministic for a seed. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <dirent.h>

#include <glossa.h>

#include "common.h"

#include "featurizer.h"
#include "language_priors.h"
#include "model_format.h"
#include "non_language.h"
#include "score.h"
#include "script_sets.h"
#include "unicode.h"
#include "utf8.h"

#define PIECE_BYTES 320      /* longer lines are cut into pieces of about this size */
#define HELDOUT_EVERY 40     /* one train line in 40 is held out for calibration */
#define HELDOUT_MAX 400      /* ... at most this many per language */
#define UNSEEN_MARK "(unseen) " /* how the manifest names such a file */
#define UNSEEN_MAX 200       /* a language's unseen file gives every (lines / 200)th line: 200 to 399 */
#define MAX_FEATURES 65536   /* features of one example at most (pieces are short) */

typedef struct {
    char code[32], iso639_3[8], iso639_1[8], name[96], script[8];
} tsv_language;

/* Bytes of a text (a line, a piece, a snippet), not NUL-terminated. */
typedef struct {
    const char *text;
    uint32_t len;
} text_slice;

/* One file of a language's train text: corpus v1's train/ or one source of
 * corpus v2. */
typedef struct {
    char *text;        /* the file's bytes */
    text_slice *lines;       /* its train lines, minus the held-out ones */
    size_t n_lines;
    size_t bytes;      /* of those lines */
    size_t cursor;     /* where the next epoch's sample starts */
} source_text;

typedef struct {
    tsv_language meta;
    char tag[32], iso[32];
    source_text *sources;
    size_t n_sources;
    size_t bytes;      /* train text of all sources */
    text_slice *heldout;
    size_t n_heldout;
    char *words_text;
    text_slice *words;
    size_t n_words;
    char *unseen_text;  /* with --unseen-sources: the train file kept out of training */
    text_slice *unseen; /* ... a sample of its lines, to fit the temperature on */
    size_t n_unseen;
} language;

typedef struct {
    int lang;
    text_slice text;
} example;

typedef struct {
    unsigned n_langs, dim, bucket_bits, max_n;
    language *langs;
    unsigned n_groups;
    gl_script_set groups[GLOSSA_MAX_LANGUAGES];
    uint16_t group_of_lang[GLOSSA_MAX_LANGUAGES];
    float *log_writers; /* per language: ln of its share of writers against the most written */
    float *table; /* rows x dim */
    float *out;   /* n_langs x dim */
    float *bias;
} trainer;

typedef struct {
    const char *corpus, *out, *manifest;
    unsigned dim, bucket_bits, max_n, epochs, threads;
    size_t min_bytes, epoch_bytes;
    unsigned max_repeat;
    int non_language;  /* train the non-language class */
    double word_share; /* spelling-dictionary words per piece, where a language has them */
    double lr;
    uint64_t seed;
    const char *only;
    const char *base;  /* a model of the same corpus to refine, instead of training one */
    int refiners;      /* train the close groups' refiners (with --base: 0 keeps its own) */
    int unseen_sources; /* keep one train file of each language out, to fit the temperature on */
    double temperature; /* not 0: write this temperature instead of fitting one */
} options;

/* ---- small utilities ---- */

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "glossa-train: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static double uniform01(uint64_t *state)
{
    return (double)(splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf)
            die("out of memory reading %s", path);
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f))
                die("cannot read %s", path);
            break;
        }
        cap *= 2;
        buf = xrealloc(buf, cap + 1);
    }
    fclose(f);
    buf[n] = '\0';
    *size = n;
    return buf;
}

/* Splits text into its non-empty lines (without the newline). */
static text_slice *split_lines(char *text, size_t size, size_t *count)
{
    size_t cap = 1024, n = 0;
    text_slice *lines = malloc(cap * sizeof *lines);
    char *p = text, *end = text + size;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        size_t len = (size_t)(stop - p);
        if (len && p[len - 1] == '\r')
            len--;
        if (len) {
            if (n == cap)
                lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
            if (!lines)
                die("%s", "out of memory");
            lines[n++] = (text_slice){p, (uint32_t)(len > UINT32_MAX ? UINT32_MAX : len)};
        }
        p = nl ? nl + 1 : end;
    }
    *count = n;
    return lines;
}

/* ---- the corpus ---- */

static int parse_tsv_line(char *line, tsv_language *out)
{
    char *field[6];
    int n = 0;
    for (char *p = line; n < 6; n++) {
        field[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) {
            n++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    if (n < 5)
        return -1;
    snprintf(out->code, sizeof out->code, "%.31s", field[0]);
    snprintf(out->iso639_3, sizeof out->iso639_3, "%.7s", field[1]);
    snprintf(out->iso639_1, sizeof out->iso639_1, "%.7s", field[2]);
    snprintf(out->name, sizeof out->name, "%.95s", field[3]);
    snprintf(out->script, sizeof out->script, "%.7s", field[4]);
    return 0;
}

static int in_list(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, code, n) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* BCP 47: the shortest ISO 639 code, and the script only where the corpus
 * holds the language in more than one script (its code has a suffix). */
static void make_tags(language *l)
{
    const tsv_language *m = &l->meta;
    const char *base = m->iso639_1[0] ? m->iso639_1 : m->iso639_3;
    if (strchr(m->code, '_'))
        snprintf(l->tag, sizeof l->tag, "%s-%s", base, m->script);
    else
        snprintf(l->tag, sizeof l->tag, "%s", base);
    snprintf(l->iso, sizeof l->iso, "%s_%s", m->iso639_3, m->script);
}

static uint64_t line_hash(text_slice s)
{
    return gl_hash64((const unsigned char *)s.text, s.len);
}

/* The digest covers languages.tsv and every file used, in order; each file
 * is also listed in the manifest (path, bytes, hash). */
typedef struct {
    uint64_t a, b;
    FILE *manifest;
} corpus_digest;

static void digest_file(corpus_digest *d, const char *path, const char *text, size_t size)
{
    uint64_t h = gl_hash64((const unsigned char *)text, size);
    if (strncmp(path, UNSEEN_MARK, strlen(UNSEEN_MARK)) == 0) /* read, not trained on */
        h = ~h;
    d->a = (d->a ^ h) * 0x100000001B3ull;
    d->b = (d->b + h) * 0x9E3779B97F4A7C15ull;
    if (d->manifest)
        fprintf(d->manifest, "%s\t%zu\t%016llx\n", path, size, (unsigned long long)h);
}

static int cmp_string(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The folders of corpus v2 (CORPUS/sources/NAME/train), sorted. */
static char **list_sources(const char *corpus, size_t *count)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sources", corpus);
    char **names = NULL;
    size_t n = 0;
    DIR *dir = opendir(path);
    for (struct dirent *e; dir && (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    if (dir)
        closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, cmp_string);
    *count = n;
    return names;
}

/* Reads one train file of l as a source, holding out one line in
 * HELDOUT_EVERY (by its hash, so the choice does not depend on order) for
 * calibration. */
static void add_source(language *l, char *text, size_t size)
{
    l->sources = xrealloc(l->sources, (l->n_sources + 1) * sizeof *l->sources);
    source_text *src = &l->sources[l->n_sources++];
    memset(src, 0, sizeof *src);
    src->text = text;
    size_t count;
    text_slice *all = split_lines(text, size, &count);
    src->lines = xrealloc(NULL, (count + 1) * sizeof *src->lines);
    l->heldout = xrealloc(l->heldout, (l->n_heldout + count + 1) * sizeof *l->heldout);
    for (size_t i = 0; i < count; i++) {
        if (line_hash(all[i]) % HELDOUT_EVERY == 0 && l->n_heldout < HELDOUT_MAX) {
            l->heldout[l->n_heldout++] = all[i];
        } else {
            src->lines[src->n_lines++] = all[i];
            src->bytes += all[i].len;
        }
    }
    l->bytes += src->bytes;
    free(all);
}

/* The path of a language's train file number s: 0 is train/ (corpus v1),
 * s >= 1 the train/ of source s - 1 (corpus v2). */
static void train_path(char *path, size_t size, const options *o, char **sources, size_t s, const char *code)
{
    if (s == 0)
        snprintf(path, size, "%s/train/%s.txt", o->corpus, code);
    else
        snprintf(path, size, "%s/sources/%s/train/%s.txt", o->corpus, sources[s - 1], code);
}

/* Bytes of all train files of a language, as the file system gives them. */
static size_t train_bytes(const options *o, char **sources, size_t n_sources, const char *code)
{
    char path[4096];
    size_t total = 0;
    for (size_t s = 0; s <= n_sources; s++) {
        struct stat st;
        train_path(path, sizeof path, o, sources, s, code);
        if (stat(path, &st) == 0)
            total += (size_t)st.st_size;
    }
    return total;
}

/* With --unseen-sources, which train file of a language the model does not
 * see (the temperature is fitted on it): one of the files that are not its
 * largest, chosen by the code's hash, where the others hold at least
 * --min-bytes; or -1. So the model is scored on a domain it was not
 * trained on, as real text is, and every language keeps its main file. */
static long unseen_file(const options *o, char **sources, size_t n_sources, const char *code)
{
    char path[4096];
    size_t sizes[256], total = 0, largest = 0, n_smaller = 0;
    if (!o->unseen_sources || n_sources + 1 > 256)
        return -1;
    for (size_t s = 0; s <= n_sources; s++) {
        struct stat st;
        train_path(path, sizeof path, o, sources, s, code);
        sizes[s] = stat(path, &st) == 0 ? (size_t)st.st_size : 0;
        total += sizes[s];
        if (sizes[s] > sizes[largest])
            largest = s;
    }
    for (size_t s = 0; s <= n_sources; s++)
        n_smaller += s != largest && sizes[s] > 0;
    if (n_smaller == 0)
        return -1;
    size_t pick = (size_t)(gl_hash64((const unsigned char *)code, strlen(code)) ^ o->seed) % n_smaller;
    for (size_t s = 0; s <= n_sources; s++)
        if (s != largest && sizes[s] > 0 && pick-- == 0)
            return total - sizes[s] >= o->min_bytes ? (long)s : -1;
    return -1;
}

/* Keeps a language's unseen file aside, with an even sample of its lines. */
static void set_unseen(language *l, char *text, size_t size)
{
    size_t count;
    text_slice *all = split_lines(text, size, &count);
    size_t step = count > UNSEEN_MAX ? count / UNSEEN_MAX : 1;
    l->unseen_text = text;
    l->unseen = xrealloc(NULL, (count / step + 1) * sizeof *l->unseen);
    for (size_t i = 0; i < count; i += step)
        l->unseen[l->n_unseen++] = all[i];
    free(all);
}

/* Reads every train file of a language: train/ (corpus v1) and each
 * source's train/ (corpus v2); with --unseen-sources, one of them aside. */
static void read_train_files(language *l, const options *o, char **sources, size_t n_sources,
                             corpus_digest *digest)
{
    char path[4096], name[4096 + 16];
    long unseen = unseen_file(o, sources, n_sources, l->meta.code);
    for (size_t s = 0; s <= n_sources; s++) {
        train_path(path, sizeof path, o, sources, s, l->meta.code);
        size_t size;
        char *text = read_file(path, &size);
        if (!text)
            continue;
        if (size == 0) {
            free(text);
            continue;
        }
        /* marked in the digest too: such a model is not trained on this file */
        snprintf(name, sizeof name, "%s%s", (long)s == unseen ? UNSEEN_MARK : "", path + strlen(o->corpus) + 1);
        digest_file(digest, name, text, size);
        if ((long)s == unseen)
            set_unseen(l, text, size);
        else
            add_source(l, text, size);
    }
}


/* Made-up text of the non-language class: as much as a language of
 * NON_LANGUAGE_BYTES, in the Latin script group (keyboards type Latin). */
#define NON_LANGUAGE_BYTES 1000000
#define NON_LANGUAGE_SEED 20261201

static void add_non_language(trainer *t, corpus_digest *digest)
{
    language *l = &t->langs[t->n_langs];
    snprintf(l->meta.code, sizeof l->meta.code, "%s", GLOSSA_NON_LANGUAGE_TAG);
    snprintf(l->meta.iso639_3, sizeof l->meta.iso639_3, "%s", GLOSSA_NON_LANGUAGE_TAG);
    snprintf(l->meta.name, sizeof l->meta.name, "No linguistic content");
    snprintf(l->meta.script, sizeof l->meta.script, "Latn");
    size_t size;
    char *text = gl_non_language_text(NON_LANGUAGE_SEED, NON_LANGUAGE_BYTES, &size);
    if (!text)
        die("out of memory for %s", "the non-language text");
    digest_file(digest, "(made up by tools/non_language.c)", text, size);
    add_source(l, text, size);
    make_tags(l);
    gl_script_set set;
    gl_script_set_from_code("Latn", &set);
    t->group_of_lang[t->n_langs++] = (uint16_t)gl_script_group_index(t->groups, &t->n_groups, &set);
}

static void load_corpus(trainer *t, const options *o, char *digest_out, size_t digest_size)
{
    char path[4096];
    size_t tsv_size;
    snprintf(path, sizeof path, "%s/languages.tsv", o->corpus);
    char *tsv = read_file(path, &tsv_size);
    if (!tsv)
        die("cannot read %s", path);
    uint64_t tsv_hash = gl_hash64((unsigned char *)tsv, tsv_size);
    corpus_digest digest = {tsv_hash, tsv_hash ^ 0x5555, NULL};
    if (o->manifest) {
        if (!(digest.manifest = fopen(o->manifest, "w")))
            die("cannot write %s", o->manifest);
        fprintf(digest.manifest, "languages.tsv\t%zu\t%016llx\n", tsv_size, (unsigned long long)tsv_hash);
    }
    size_t n_sources;
    char **sources = list_sources(o->corpus, &n_sources);

    t->langs = calloc(GLOSSA_MAX_LANGUAGES, sizeof *t->langs);
    size_t n_lines;
    text_slice *rows = split_lines(tsv, tsv_size, &n_lines);
    for (size_t r = 1; r < n_lines && t->n_langs < GLOSSA_MAX_LANGUAGES; r++) { /* row 0 is the header */
        char row[512];
        snprintf(row, sizeof row, "%.*s", (int)rows[r].len, rows[r].text);
        tsv_language meta;
        if (parse_tsv_line(row, &meta) != 0)
            continue;
        if (o->only && !in_list(o->only, meta.code))
            continue;
        gl_script_set set;
        if (gl_script_set_from_code(meta.script, &set) != 0) {
            fprintf(stderr, "glossa-train: %s: unknown script %s, left out\n", meta.code, meta.script);
            continue;
        }
        /* Sized first: a language left out adds no file to the digest. */
        if (train_bytes(o, sources, n_sources, meta.code) < o->min_bytes)
            continue;
        language *l = &t->langs[t->n_langs];
        l->meta = meta;
        read_train_files(l, o, sources, n_sources, &digest);
        make_tags(l);
        t->n_langs++;

        size_t size;
        snprintf(path, sizeof path, "%s/words/%s.txt", o->corpus, meta.code);
        l->words_text = o->word_share > 0 ? read_file(path, &size) : NULL;
        if (l->words_text) {
            l->words = split_lines(l->words_text, size, &l->n_words);
            digest_file(&digest, path + strlen(o->corpus) + 1, l->words_text, size);
        }
        t->group_of_lang[t->n_langs - 1] = (uint16_t)gl_script_group_index(t->groups, &t->n_groups, &set);
    }
    if (o->non_language && t->n_langs < GLOSSA_MAX_LANGUAGES && (!o->only || in_list(o->only, GLOSSA_NON_LANGUAGE_TAG)))
        add_non_language(t, &digest);
    for (size_t s = 0; s < n_sources; s++)
        free(sources[s]);
    free(sources);
    free(rows);
    free(tsv);
    if (digest.manifest && fclose(digest.manifest) != 0)
        die("cannot write %s", o->manifest);
    if (t->n_langs == 0)
        die("no language in %s has enough train text", o->corpus);
    const char *isos[GLOSSA_MAX_LANGUAGES];
    for (unsigned l = 0; l < t->n_langs; l++)
        isos[l] = t->langs[l].iso;
    t->log_writers = xrealloc(NULL, t->n_langs * sizeof *t->log_writers);
    gl_log_writer_shares(isos, t->n_langs, t->log_writers);
    snprintf(digest_out, digest_size, "%016llx%016llx", (unsigned long long)digest.a,
             (unsigned long long)digest.b);
}

/* ---- features and candidates of one text ---- */

typedef struct {
    gl_featurizer fz;
    uint32_t *features;
    size_t n_features;
    int candidates[GLOSSA_MAX_LANGUAGES];
    size_t n_candidates;
    float hidden[GL_MAX_DIM], grad_hidden[GL_MAX_DIM];
    float logits[GLOSSA_MAX_LANGUAGES];
} workspace;

static void featurize(const trainer *t, workspace *w, text_slice s)
{
    gl_featurizer_reset(&w->fz);
    w->n_features = 0;
    const unsigned char *p = (const unsigned char *)s.text;
    size_t i = 0;
    while (i < s.len && w->n_features + GL_FEATURE_BURST < MAX_FEATURES) {
        uint32_t cp;
        i += gl_utf8_next(p + i, s.len - i, &cp);
        w->n_features += gl_featurizer_push(&w->fz, cp, w->features + w->n_features);
    }
    w->n_features += gl_featurizer_finish(&w->fz, w->features + w->n_features);

    uint64_t group_weight[GLOSSA_MAX_LANGUAGES];
    gl_lang_groups lg = {t->n_groups, t->n_langs, t->groups, t->group_of_lang, NULL, NULL, NULL, NULL};
    const int *list;
    w->n_candidates = w->n_features ? gl_choose_candidates(&lg, w->fz.script_weight, w->fz.seen, NULL, group_weight,
                                                           w->candidates, &list)
                                    : 0; /* without lists by group, written to w->candidates */
}

static workspace *workspace_new(const trainer *t)
{
    workspace *w = calloc(1, sizeof *w);
    if (!w || !(w->features = malloc(MAX_FEATURES * sizeof *w->features)))
        die("%s", "out of memory");
    gl_featurizer_init(&w->fz, t->max_n, t->bucket_bits);
    return w;
}

static void workspace_free(workspace *w)
{
    free(w->features);
    free(w);
}

static int candidate_index(const workspace *w, int lang)
{
    for (size_t c = 0; c < w->n_candidates; c++)
        if (w->candidates[c] == lang)
            return (int)c;
    return -1;
}

/* ---- SGD ---- */

/* One step on one example; returns its loss (0 when it was skipped). */
static double sgd_step(trainer *t, workspace *w, const example *ex, float lr)
{
    featurize(t, w, ex->text);
    int target = candidate_index(w, ex->lang);
    if (target < 0 || w->n_candidates < 2)
        return 0.0;
    const unsigned dim = t->dim;
    const float inv_n = 1.0f / (float)w->n_features;
    memset(w->hidden, 0, sizeof w->hidden);
    for (size_t f = 0; f < w->n_features; f++) {
        const float *row = t->table + (size_t)w->features[f] * dim;
        for (unsigned j = 0; j < dim; j++)
            w->hidden[j] += row[j];
    }
    for (unsigned j = 0; j < dim; j++)
        w->hidden[j] *= inv_n;

    float top = -INFINITY;
    for (size_t c = 0; c < w->n_candidates; c++) {
        const float *o = t->out + (size_t)w->candidates[c] * dim;
        float z = t->bias[w->candidates[c]];
        for (unsigned j = 0; j < dim; j++)
            z += o[j] * w->hidden[j];
        w->logits[c] = z;
        if (z > top)
            top = z;
    }
    float sum = 0.0f;
    for (size_t c = 0; c < w->n_candidates; c++) {
        w->logits[c] = expf(w->logits[c] - top);
        sum += w->logits[c];
    }
    double loss = -log((double)w->logits[target] / sum + 1e-12);

    memset(w->grad_hidden, 0, sizeof w->grad_hidden);
    for (size_t c = 0; c < w->n_candidates; c++) {
        float g = w->logits[c] / sum - (c == (size_t)target ? 1.0f : 0.0f);
        if (g > -1e-5f && g < 1e-5f)
            continue;
        float *o = t->out + (size_t)w->candidates[c] * dim;
        for (unsigned j = 0; j < dim; j++) {
            w->grad_hidden[j] += g * o[j];
            o[j] -= lr * g * w->hidden[j];
        }
        t->bias[w->candidates[c]] -= lr * g;
    }
    for (unsigned j = 0; j < dim; j++)
        w->grad_hidden[j] *= lr * inv_n;
    for (size_t f = 0; f < w->n_features; f++) {
        float *row = t->table + (size_t)w->features[f] * dim;
        for (unsigned j = 0; j < dim; j++)
            row[j] -= w->grad_hidden[j];
    }
    return loss;
}

/* A snippet of one to five words (or, in scripts written without spaces,
 * two to twelve characters) from a piece of text. */
static text_slice snippet(text_slice s, uint64_t *rng)
{
    size_t starts[256], n_words = 0;
    for (size_t i = 0; i < s.len && n_words < 256; i++)
        if (s.text[i] != ' ' && (i == 0 || s.text[i - 1] == ' '))
            starts[n_words++] = i;
    if (n_words >= 3) {
        double r = uniform01(rng);
        size_t want = r < 0.5 ? 1 : r < 0.8 ? 2 : 3 + (size_t)(splitmix64(rng) % 3);
        if (want > n_words)
            want = n_words;
        size_t first = (size_t)(splitmix64(rng) % (n_words - want + 1));
        size_t begin = starts[first], end = s.len;
        if (first + want < n_words)
            end = starts[first + want] - 1;
        return (text_slice){s.text + begin, (uint32_t)(end - begin)};
    }
    /* No spaces to speak of: a run of characters. */
    size_t chars = 2 + (size_t)(splitmix64(rng) % 11), begin = 0;
    const unsigned char *p = (const unsigned char *)s.text;
    size_t total = 0;
    for (size_t i = 0; i < s.len; i += gl_utf8_next(p + i, s.len - i, &(uint32_t){0}))
        total++;
    if (total > chars) {
        size_t skip = (size_t)(splitmix64(rng) % (total - chars + 1));
        for (size_t k = 0; k < skip; k++)
            begin += gl_utf8_next(p + begin, s.len - begin, &(uint32_t){0});
    }
    size_t end = begin;
    for (size_t k = 0; k < chars && end < s.len; k++)
        end += gl_utf8_next(p + end, s.len - end, &(uint32_t){0});
    return (text_slice){s.text + begin, (uint32_t)(end - begin)};
}

/* What a held-out line is scored as: itself and two snippets of it. */
#define HELDOUT_VIEWS 3
static void held_out_views(text_slice line, uint64_t *rng, text_slice *views)
{
    views[0] = line;
    views[1] = snippet(line, rng);
    views[2] = snippet(line, rng);
}

/* The views of n lines, in order, into views (room for n * HELDOUT_VIEWS,
 * malloc'd by the caller). */
static size_t views_of_lines(const text_slice *lines, size_t n, uint64_t *rng, text_slice *views)
{
    for (size_t i = 0; i < n; i++)
        held_out_views(lines[i], rng, views + i * HELDOUT_VIEWS);
    return n * HELDOUT_VIEWS;
}

/* Cuts a line into pieces of about PIECE_BYTES at spaces (or at character
 * boundaries where there are none). */
static size_t cut_pieces(text_slice line, text_slice *out, size_t max_out)
{
    size_t n = 0, at = 0;
    const unsigned char *p = (const unsigned char *)line.text;
    while (at < line.len && n < max_out) {
        size_t end = at + PIECE_BYTES;
        if (end >= line.len || line.len - end < PIECE_BYTES / 4) {
            end = line.len;
        } else {
            size_t space = end;
            while (space > at + PIECE_BYTES / 2 && line.text[space] != ' ')
                space--;
            end = line.text[space] == ' ' ? space : gl_utf8_boundary_before(p, line.len, end);
            if (end <= at)
                end = line.len;
        }
        out[n++] = (text_slice){line.text + at, (uint32_t)(end - at)};
        at = end;
        while (at < line.len && line.text[at] == ' ')
            at++;
    }
    return n;
}

typedef struct {
    example *items;
    size_t n, cap;
} example_list;

static void push_example(example_list *list, int lang, text_slice text)
{
    if (list->n == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 1 << 20;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
        if (!list->items)
            die("%s", "out of memory");
    }
    list->items[list->n++] = (example){lang, text};
}

/* Text made for an epoch (augmented copies of pieces), in blocks that never
 * move, so that examples can point into them; reused every epoch. */
#define ARENA_BLOCK (16u << 20)

typedef struct {
    char **blocks;
    size_t n_blocks, current, used;
} arena;

static char *arena_alloc(arena *a, size_t n)
{
    if (n > ARENA_BLOCK)
        die("%s", "augmented text too long");
    if (a->n_blocks == 0 || a->used + n > ARENA_BLOCK) {
        if (a->n_blocks && a->used + n > ARENA_BLOCK) {
            a->current++;
            a->used = 0;
        }
        if (a->current == a->n_blocks) {
            a->blocks = xrealloc(a->blocks, (a->n_blocks + 1) * sizeof *a->blocks);
            a->blocks[a->n_blocks++] = xrealloc(NULL, ARENA_BLOCK);
        }
    }
    char *p = a->blocks[a->current] + a->used;
    a->used += n;
    return p;
}

static void arena_reset(arena *a)
{
    a->current = 0;
    a->used = 0;
}

static void arena_free(arena *a)
{
    for (size_t i = 0; i < a->n_blocks; i++)
        free(a->blocks[i]);
    free(a->blocks);
}

/* The piece without its Latin and Greek diacritics, as people often type
 * them (Yoruba, Vietnamese, Greek without tonos): letters to their base
 * letter, combining diacritics dropped. Returns 0 when nothing changes. */
static int strip_diacritics(text_slice piece, arena *a, text_slice *out)
{
    char *dst = arena_alloc(a, piece.len);
    const unsigned char *p = (const unsigned char *)piece.text;
    size_t n = 0, changed = 0;
    for (size_t i = 0; i < piece.len;) {
        uint32_t cp;
        size_t used = gl_utf8_next(p + i, piece.len - i, &cp);
        uint32_t base = gl_unicode_base(cp);
        if (cp >= 0x300 && cp <= 0x36F) { /* combining diacritical marks */
            changed++;
        } else if (base != cp) {
            unsigned char enc[4];
            size_t w = gl_utf8_encode(base, enc);
            memcpy(dst + n, enc, w); /* a base letter is never longer than its letter */
            n += w;
            changed++;
        } else {
            memcpy(dst + n, p + i, used);
            n += used;
        }
        i += used;
    }
    *out = (text_slice){dst, (uint32_t)n};
    return changed > 0;
}

/* A token that real text puts around language: a number, a time, a price,
 * an @handle, a URL or an e-mail address, made up from the rng. */
static size_t noise_token(uint64_t *rng, char *out, size_t size)
{
    static const char *const hosts[] = {"example", "news", "blog", "shop", "info", "mail", "web", "cdn"};
    static const char *const tlds[] = {"com", "org", "net", "de", "fr", "ru", "io", "co.uk"};
    char word[12];
    size_t len = 3 + splitmix64(rng) % 8;
    for (size_t i = 0; i < len; i++) {
        uint64_t r = splitmix64(rng) % 36;
        word[i] = (char)(r < 26 ? 'a' + r : '0' + (r - 26));
    }
    word[len] = '\0';
    unsigned a = (unsigned)(splitmix64(rng) % 10000), b = (unsigned)(splitmix64(rng) % 60);
    const char *host = hosts[splitmix64(rng) % 8], *tld = tlds[splitmix64(rng) % 8];
    int n;
    switch (splitmix64(rng) % 6) {
    case 0: n = snprintf(out, size, "%u", a); break;
    case 1: n = snprintf(out, size, "%u:%02u", a % 24, b); break;
    case 2: n = snprintf(out, size, "%u.%02u%s", a % 1000, b, splitmix64(rng) % 2 ? "%" : " $"); break;
    case 3: n = snprintf(out, size, "@%s", word); break;
    case 4: n = snprintf(out, size, "https://www.%s.%s/%s", host, tld, word); break;
    default: n = snprintf(out, size, "%s@%s.%s", word, host, tld); break;
    }
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* The piece with a noise token before it, after it, or both. */
static text_slice add_noise(text_slice piece, arena *a, uint64_t *rng)
{
    char before[96], after[96];
    size_t nb = 0, na = 0;
    uint64_t where = splitmix64(rng) % 3;
    if (where != 1)
        nb = noise_token(rng, before, sizeof before);
    if (where != 0)
        na = noise_token(rng, after, sizeof after);
    char *dst = arena_alloc(a, nb + na + piece.len + 2);
    size_t n = 0;
    if (nb) {
        memcpy(dst, before, nb);
        dst[nb] = ' ';
        n = nb + 1;
    }
    memcpy(dst + n, piece.text, piece.len);
    n += piece.len;
    if (na) {
        dst[n++] = ' ';
        memcpy(dst + n, after, na);
        n += na;
    }
    return (text_slice){dst, (uint32_t)n};
}

/* The piece with only its kanji (Han), as Japanese names and titles are
 * written (東京都知事選挙): Hiragana and Katakana dropped. Returns 0 when
 * that leaves it as it was or without two kanji. */
static int kanji_only(text_slice piece, arena *a, text_slice *out)
{
    char *dst = arena_alloc(a, piece.len);
    const unsigned char *p = (const unsigned char *)piece.text;
    int hiragana = gl_script_from_code("Hira"), katakana = gl_script_from_code("Kana");
    size_t n = 0, dropped = 0, kept_han = 0;
    for (size_t i = 0; i < piece.len;) {
        uint32_t cp;
        size_t used = gl_utf8_next(p + i, piece.len - i, &cp);
        int script = (int)GL_PROP_SCRIPT(gl_unicode_props(cp));
        if (script == hiragana || script == katakana || cp == 0x30FC) { /* ー, the Katakana long mark */
            dropped++;
        } else {
            memcpy(dst + n, p + i, used);
            n += used;
            kept_han += GL_PROP_CLASS(gl_unicode_props(cp)) == GL_CLASS_LETTER;
        }
        i += used;
    }
    *out = (text_slice){dst, (uint32_t)n};
    return dropped > 0 && kept_han >= 2;
}

/* What happens to a piece before it is trained on: one in
 * STRIP_EVERY loses its diacritics (where it has any), one in NOISE_EVERY
 * gets noise tokens around it, and one Japanese piece in KANJI_EVERY keeps
 * only its kanji. */
#define STRIP_EVERY 8
#define NOISE_EVERY 10
#define KANJI_EVERY 5

static text_slice augment(text_slice piece, int japanese, arena *a, uint64_t *rng)
{
    uint64_t r = splitmix64(rng);
    text_slice out = piece;
    if (r % STRIP_EVERY == 0 && !strip_diacritics(piece, a, &out))
        out = piece;
    if (japanese && (r >> 16) % KANJI_EVERY == 0 && !kanji_only(piece, a, &out))
        out = piece;
    if ((r >> 32) % NOISE_EVERY == 0)
        out = add_noise(out, a, rng);
    return out;
}

/* Shares of a language's epoch budget among its sources: in proportion to
 * the square root of each source's size (temperature sampling, so that no
 * one domain takes a language over and a small source is still seen), none
 * more than max_repeat times its text; what a capped source cannot take
 * goes to the others. */
static void source_budgets(const language *l, size_t budget, unsigned max_repeat, double *out)
{
    int capped[256] = {0};
    size_t n = l->n_sources < 256 ? l->n_sources : 256;
    double left = (double)budget;
    for (int changed = 1; changed;) {
        changed = 0;
        double weight = 0;
        for (size_t s = 0; s < n; s++)
            if (!capped[s])
                weight += sqrt((double)l->sources[s].bytes);
        for (size_t s = 0; s < n; s++) {
            if (capped[s])
                continue;
            double cap = (double)l->sources[s].bytes * max_repeat;
            out[s] = weight > 0 ? left * sqrt((double)l->sources[s].bytes) / weight : 0;
            if (out[s] >= cap) {
                out[s] = cap;
                capped[s] = 1;
                left -= cap;
                changed = 1;
                break;
            }
        }
    }
}

/* The pieces of about `bytes` of one source's lines, from where the last
 * epoch stopped, each with a snippet. */
static void sample_source(example_list *list, int lang, int japanese, source_text *src, double bytes, arena *a,
                          uint64_t *rng)
{
    text_slice pieces[64];
    for (double taken = 0; taken < bytes && src->n_lines;) {
        text_slice line = src->lines[src->cursor];
        src->cursor = (src->cursor + 1) % src->n_lines;
        size_t n = cut_pieces(line, pieces, 64);
        for (size_t i = 0; i < n; i++) {
            text_slice piece = augment(pieces[i], japanese, a, rng);
            push_example(list, lang, piece);
            push_example(list, lang, snippet(piece, rng));
        }
        taken += line.len;
    }
}

static void shuffle_examples(example_list *list, uint64_t *rng)
{
    for (size_t i = list->n; i > 1; i--) {
        size_t j = (size_t)(splitmix64(rng) % i);
        example tmp = list->items[i - 1];
        list->items[i - 1] = list->items[j];
        list->items[j] = tmp;
    }
}

/* One epoch's balanced sample: about epoch_bytes of each language (small
 * languages repeated up to max_repeat times), spread over its sources,
 * every piece with a snippet, plus word-list entries, shuffled. */
static void sample_epoch(trainer *t, const options *o, uint64_t *rng, example_list *list, arena *a)
{
    list->n = 0;
    arena_reset(a);
    for (unsigned l = 0; l < t->n_langs; l++) {
        language *lang = &t->langs[l];
        double budget[256];
        source_budgets(lang, o->epoch_bytes, o->max_repeat, budget);
        size_t before = list->n;
        int japanese = strcmp(lang->meta.script, "Jpan") == 0;
        for (size_t s = 0; s < lang->n_sources && s < 256; s++)
            sample_source(list, (int)l, japanese, &lang->sources[s], budget[s], a, rng);
        size_t pieces = (list->n - before) / 2;
        size_t word_examples = (size_t)((double)pieces * o->word_share);
        if (word_examples > lang->n_words)
            word_examples = lang->n_words;
        for (size_t i = 0; i < word_examples; i++)
            push_example(list, (int)l, lang->words[splitmix64(rng) % lang->n_words]);
    }
    shuffle_examples(list, rng);
}

typedef struct {
    trainer *t;
    const example *items;
    size_t begin, end;
    double lr_start, lr_end;
    double loss;
    size_t steps;
} worker_job;

static void *worker(void *arg)
{
    worker_job *job = arg;
    workspace *w = workspace_new(job->t);
    size_t span_len = job->end - job->begin;
    for (size_t i = job->begin; i < job->end; i++) {
        double progress = (double)(i - job->begin) / (double)(span_len ? span_len : 1);
        float lr = (float)(job->lr_start + (job->lr_end - job->lr_start) * progress);
        double loss = sgd_step(job->t, w, &job->items[i], lr);
        if (loss > 0) {
            job->loss += loss;
            job->steps++;
        }
    }
    workspace_free(w);
    return NULL;
}

static void train(trainer *t, const options *o)
{
    uint64_t rng = o->seed;
    size_t rows = (size_t)1 << t->bucket_bits;
    t->table = malloc(rows * t->dim * sizeof(float));
    t->out = calloc((size_t)t->n_langs * t->dim, sizeof(float));
    t->bias = calloc(t->n_langs, sizeof(float));
    if (!t->table || !t->out || !t->bias)
        die("%s", "out of memory");
    for (size_t i = 0; i < rows * t->dim; i++)
        t->table[i] = (float)((uniform01(&rng) * 2.0 - 1.0) / t->dim);

    example_list list = {0};
    arena augmented = {0};
    for (unsigned e = 0; e < o->epochs; e++) {
        double start = now_seconds();
        sample_epoch(t, o, &rng, &list, &augmented);
        double lr_hi = o->lr * (1.0 - (double)e / o->epochs);
        double lr_lo = o->lr * (1.0 - (double)(e + 1) / o->epochs);
        worker_job jobs[64];
        pthread_t threads[64];
        unsigned n_threads = o->threads;
        for (unsigned k = 0; k < n_threads; k++) {
            jobs[k] = (worker_job){t, list.items, list.n * k / n_threads, list.n * (k + 1) / n_threads,
                                   lr_hi, lr_lo, 0.0, 0};
            if (n_threads > 1)
                pthread_create(&threads[k], NULL, worker, &jobs[k]);
            else
                worker(&jobs[k]);
        }
        double loss = 0;
        size_t steps = 0;
        for (unsigned k = 0; k < n_threads; k++) {
            if (n_threads > 1)
                pthread_join(threads[k], NULL);
            loss += jobs[k].loss;
            steps += jobs[k].steps;
        }
        fprintf(stderr, "epoch %u/%u: %zu examples, loss %.4f, %.1f s\n", e + 1, o->epochs, list.n,
                steps ? loss / steps : 0.0, now_seconds() - start);
    }
    free(list.items);
    arena_free(&augmented);
}

/* ---- quantization and calibration ---- */

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The weights w[0 .. n) to 8 bits: returns them, and the step in *step_out. */
static int8_t *quantize_weights(const float *w, size_t n, float *step_out)
{
    /* Clip at the 99.99th percentile of |w| (estimated on a sample) so
     * that a few outliers do not waste the 8 bits. */
    size_t sample_n = n < 1000000 ? n : 1000000;
    float *sample = malloc(sample_n * sizeof *sample);
    for (size_t i = 0; i < sample_n; i++)
        sample[i] = fabsf(w[i * (n / sample_n)]);
    qsort(sample, sample_n, sizeof *sample, cmp_float);
    float clip = sample[(size_t)(sample_n * 0.9999)];
    free(sample);
    float step = clip > 0 ? clip / 127.0f : 1.0f;
    int8_t *q = malloc(n);
    for (size_t i = 0; i < n; i++) {
        float v = roundf(w[i] / step);
        q[i] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
    }
    *step_out = step;
    return q;
}

typedef struct {
    float *logits; /* candidates' unscaled logits */
    float *prior;  /* what the library's default prior adds to each */
    uint32_t n_candidates;
    uint32_t target;
    float log_features;
} calib_item;

/* The unscaled logits the library will compute for s, from the quantized
 * table. Returns 0 when the text cannot be scored or the answer is forced. */
static int quantized_logits(const trainer *t, workspace *w, const int8_t *q, float step, text_slice s,
                            int lang, calib_item *item)
{
    featurize(t, w, s);
    int target = candidate_index(w, lang);
    if (target < 0 || w->n_candidates < 2)
        return 0;
    int64_t sum[GL_MAX_DIM] = {0};
    for (size_t f = 0; f < w->n_features; f++)
        for (unsigned j = 0; j < t->dim; j++)
            sum[j] += q[(size_t)w->features[f] * t->dim + j];
    float hidden[GL_MAX_DIM];
    float per_feature = gl_hidden_scale(step, w->n_features);
    for (unsigned j = 0; j < t->dim; j++)
        hidden[j] = (float)sum[j] * per_feature;
    item->logits = malloc(w->n_candidates * sizeof(float));
    item->prior = malloc(w->n_candidates * sizeof(float));
    for (size_t c = 0; c < w->n_candidates; c++) {
        const float *o = t->out + (size_t)w->candidates[c] * t->dim;
        float z = t->bias[w->candidates[c]];
        for (unsigned j = 0; j < t->dim; j++)
            z += o[j] * hidden[j];
        item->logits[c] = z;
        item->prior[c] = GLOSSA_PRIOR_STRENGTH * t->log_writers[w->candidates[c]];
    }
    item->n_candidates = (uint32_t)w->n_candidates;
    item->target = (uint32_t)target;
    item->log_features = logf((float)w->n_features);
    return 1;
}

static void free_calib_items(calib_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].logits);
        free(items[i].prior);
    }
    free(items);
}

/* The mean negative log-likelihood of the targets with sharpness
 * a + b ln(features), the prior added after it as the library adds it. */
static double calibration_loss(const calib_item *items, size_t n, double a, double b)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const calib_item *it = &items[i];
        double s = gl_sharpness((float)a, (float)b, it->log_features);
        double top = -INFINITY, sum = 0;
        for (uint32_t c = 0; c < it->n_candidates; c++)
            if (s * it->logits[c] + it->prior[c] > top)
                top = s * it->logits[c] + it->prior[c];
        for (uint32_t c = 0; c < it->n_candidates; c++)
            sum += exp(s * it->logits[c] + it->prior[c] - top);
        total += -(s * it->logits[it->target] + it->prior[it->target] - top - log(sum));
    }
    return total / (double)n;
}

/* Fits the softmax sharpness a + b ln(features) to calibration items (a
 * sample of them: a grid search is plenty for two parameters). */
static void fit_sharpness(calib_item *items, size_t n, const char *what, float *a_out, float *b_out)
{
    size_t stride = n > 60000 ? n / 60000 : 1, kept = 0;
    for (size_t i = 0; i < n; i += stride) {
        calib_item tmp = items[kept];
        items[kept++] = items[i];
        items[i] = tmp;
    }
    double best_a = 1, best_b = 0, best = INFINITY;
    for (double a = -2.0; a <= 6.0; a += 0.5)
        for (double b = -0.5; b <= 2.0; b += 0.25) {
            double loss = calibration_loss(items, kept, a, b);
            if (loss < best) {
                best = loss;
                best_a = a;
                best_b = b;
            }
        }
    double ca = best_a, cb = best_b;
    for (double a = ca - 0.5; a <= ca + 0.5; a += 0.1)
        for (double b = cb - 0.25; b <= cb + 0.25; b += 0.05) {
            double loss = calibration_loss(items, kept, a, b);
            if (loss < best) {
                best = loss;
                best_a = a;
                best_b = b;
            }
        }
    fprintf(stderr, "calibration on %zu %s: sharpness %.3f + %.3f ln(features), nll %.4f\n", kept, what, best_a,
            best_b, best);
    *a_out = (float)best_a;
    *b_out = (float)best_b;
}

/* Fits the softmax sharpness a + b ln(features) on held-out lines: whole
 * lines and two snippets of one to five words of each. (Cut as the
 * evaluation cuts them, first word and first two words, the fit was
 * sharper and worse calibrated on ood and dev: measured, 2026-12-01.) */
static void calibrate(const trainer *t, const int8_t *q, float step, float *a_out, float *b_out)
{
    workspace *w = workspace_new(t);
    size_t cap = 1 << 16, n = 0;
    calib_item *items = malloc(cap * sizeof *items);
    uint64_t rng = 12345;
    text_slice *views = xrealloc(NULL, HELDOUT_MAX * HELDOUT_VIEWS * sizeof *views);
    for (unsigned l = 0; l < t->n_langs; l++) {
        size_t n_views = views_of_lines(t->langs[l].heldout, t->langs[l].n_heldout, &rng, views);
        for (size_t v = 0; v < n_views; v++) {
            if (n == cap)
                items = xrealloc(items, (cap *= 2) * sizeof *items);
            if (quantized_logits(t, w, q, step, views[v], (int)l, &items[n]))
                n++;
        }
    }
    fit_sharpness(items, n, "held-out texts", a_out, b_out);
    free_calib_items(items, n);
    free(views);
    workspace_free(w);
}

/* ---- writing the model ---- */

static size_t align64(size_t x) { return (x + 63) & ~(size_t)63; }

/* The model file's bytes (without refiners); its size in *size_out. */
static unsigned char *model_bytes(const trainer *t, const int8_t *q, float step, float calib_a, float calib_b,
                                  const char *digest, size_t *size_out)
{
    /* The string table: six strings per language. */
    size_t str_cap = 1 << 16, str_size = 0;
    char *strings = malloc(str_cap);
    uint32_t *fields = malloc((size_t)t->n_langs * GL_LANG_FIELDS * sizeof *fields);
    for (unsigned l = 0; l < t->n_langs; l++) {
        const language *lang = &t->langs[l];
        const char *values[GL_LANG_FIELDS] = {lang->meta.code, lang->tag,  lang->iso,
                                              lang->meta.iso639_3, lang->meta.name, lang->meta.script};
        for (unsigned f = 0; f < GL_LANG_FIELDS; f++) {
            size_t len = strlen(values[f]) + 1;
            while (str_size + len > str_cap)
                strings = xrealloc(strings, str_cap *= 2);
            memcpy(strings + str_size, values[f], len);
            fields[l * GL_LANG_FIELDS + f] = (uint32_t)str_size;
            str_size += len;
        }
    }
    size_t rows = (size_t)1 << t->bucket_bits;
    size_t lang_off = GL_MODEL_HEADER_SIZE;
    size_t str_off = align64(lang_off + (size_t)t->n_langs * GL_LANG_FIELDS * 4);
    size_t out_off = align64(str_off + str_size);
    size_t bias_off = align64(out_off + (size_t)t->n_langs * t->dim * 4);
    size_t table_off = align64(bias_off + (size_t)t->n_langs * 4);
    size_t size = table_off + rows * t->dim;

    unsigned char *buf = calloc(1, size);
    memcpy(buf, GL_MODEL_MAGIC, 8);
    gl_put32(buf + GL_HDR_VERSION, GL_MODEL_FORMAT_VERSION);
    gl_put32(buf + GL_HDR_HEADER_SIZE, GL_MODEL_HEADER_SIZE);
    gl_put64(buf + GL_HDR_FILE_SIZE, size);
    gl_put32(buf + GL_HDR_LANGUAGES, t->n_langs);
    gl_put32(buf + GL_HDR_DIM, t->dim);
    gl_put32(buf + GL_HDR_BUCKET_BITS, t->bucket_bits);
    gl_put32(buf + GL_HDR_MAX_NGRAM, t->max_n);
    gl_putf32(buf + GL_HDR_QUANT_STEP, step);
    gl_putf32(buf + GL_HDR_CALIB_A, calib_a);
    gl_putf32(buf + GL_HDR_CALIB_B, calib_b);
    snprintf((char *)buf + GL_HDR_CORPUS, GL_MODEL_CORPUS_LEN, "%s", digest);
    gl_put64(buf + GL_HDR_LANG_OFFSET, lang_off);
    gl_put64(buf + GL_HDR_STRINGS_OFFSET, str_off);
    gl_put64(buf + GL_HDR_STRINGS_SIZE, str_size);
    gl_put64(buf + GL_HDR_OUT_OFFSET, out_off);
    gl_put64(buf + GL_HDR_BIAS_OFFSET, bias_off);
    gl_put64(buf + GL_HDR_TABLE_OFFSET, table_off);
    for (size_t i = 0; i < (size_t)t->n_langs * GL_LANG_FIELDS; i++)
        gl_put32(buf + lang_off + 4 * i, fields[i]);
    memcpy(buf + str_off, strings, str_size);
    for (size_t i = 0; i < (size_t)t->n_langs * t->dim; i++)
        gl_putf32(buf + out_off + 4 * i, t->out[i]);
    for (size_t i = 0; i < t->n_langs; i++)
        gl_putf32(buf + bias_off + 4 * i, t->bias[i]);
    memcpy(buf + table_off, q, rows * t->dim);
    gl_put64(buf + GL_HDR_CHECKSUM, gl_hash64(buf + GL_MODEL_CHECKSUM_FROM, size - GL_MODEL_CHECKSUM_FROM));
    free(strings);
    free(fields);
    *size_out = size;
    return buf;
}

/* ---- close-language refiners ---- */

/* The hidden vector is shared by every language, and too narrow to tell
 * the members of a close group apart (hr/bs/sr, fa/prs, id/ms ...): each
 * group gets a linear layer of its own straight on the features
 * (model_format.h), trained on its members' lines only.
 *
 * Two languages are close when the output layer takes one for the other
 * in at least CLOSE_CONFUSION of their held-out texts (whole lines and
 * snippets, flat prior; the two directions summed). Groups are joined
 * closest pair first, up to GL_REFINER_MAX languages. */
#define CLOSE_CONFUSION 0.10
#define REFINER_BITS 15
#define REFINER_EPOCHS 24
#define REFINER_LR 8.0

typedef struct {
    unsigned n, bits; /* members; rows of 2^bits: REFINER_BITS, or fewer for a smaller feature table */
    int members[GL_REFINER_MAX];
    float *w; /* 2^bits x n */
    float bias[GL_REFINER_MAX];
    int8_t *q;
    float step, calib_a, calib_b;
} refiner_fit;

typedef struct {
    double confusion;
    unsigned a, b;
} close_pair;

static int cmp_close_pair(const void *x, const void *y)
{
    const close_pair *p = x, *q = y;
    if (p->confusion != q->confusion)
        return p->confusion < q->confusion ? 1 : -1;
    return p->a != q->a ? (p->a > q->a) - (p->a < q->a) : (p->b > q->b) - (p->b < q->b);
}

static unsigned root_of(unsigned *parent, unsigned x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* conf[a * n + b]: how many held-out texts of a the model answers b, of
 * views[a]. */
static void held_out_confusions(const trainer *t, const unsigned char *model, size_t size, uint32_t *conf,
                                uint32_t *views)
{
    glossa_model *m;
    glossa_detector *d;
    if (glossa_model_load_memory(model, size, &m) != GLOSSA_OK || glossa_detector_create(m, &d) != GLOSSA_OK)
        die("%s", "cannot load the model to find close languages");
    glossa_detector_set_prior(d, GLOSSA_PRIOR_FLAT, 0.0f);
    uint64_t rng = 4242;
    text_slice *v = xrealloc(NULL, HELDOUT_MAX * HELDOUT_VIEWS * sizeof *v);
    for (unsigned l = 0; l < t->n_langs; l++) {
        size_t n_views = views_of_lines(t->langs[l].heldout, t->langs[l].n_heldout, &rng, v);
        for (size_t k = 0; k < n_views; k++) {
            glossa_guess g;
            glossa_detect(d, v[k].text, v[k].len, NULL, &g, 1, NULL);
            views[l]++;
            if (g.language >= 0 && (unsigned)g.language != l)
                conf[(size_t)l * t->n_langs + (unsigned)g.language]++;
        }
    }
    free(v);
    glossa_detector_free(d);
    glossa_model_free(m);
}

/* The close groups of the model's languages, into out; returns how many. */
static unsigned close_groups(const trainer *t, const unsigned char *model, size_t size, refiner_fit *out)
{
    unsigned n = t->n_langs;
    uint32_t *conf = calloc((size_t)n * n, sizeof *conf), *views = calloc(n, sizeof *views);
    close_pair *pairs = malloc((size_t)n * n / 2 * sizeof *pairs + sizeof *pairs);
    unsigned *parent = malloc(n * sizeof *parent), *count = malloc(n * sizeof *count);
    int *group_of_root = malloc(n * sizeof *group_of_root);
    if (!conf || !views || !pairs || !parent || !count || !group_of_root)
        die("%s", "out of memory");
    held_out_confusions(t, model, size, conf, views);
    size_t n_pairs = 0;
    for (unsigned a = 0; a < n; a++)
        for (unsigned b = a + 1; b < n; b++) {
            double c = (views[a] ? (double)conf[(size_t)a * n + b] / views[a] : 0) +
                       (views[b] ? (double)conf[(size_t)b * n + a] / views[b] : 0);
            if (c >= CLOSE_CONFUSION && strcmp(t->langs[a].tag, GLOSSA_NON_LANGUAGE_TAG) != 0 &&
                strcmp(t->langs[b].tag, GLOSSA_NON_LANGUAGE_TAG) != 0)
                pairs[n_pairs++] = (close_pair){c, a, b};
        }
    qsort(pairs, n_pairs, sizeof *pairs, cmp_close_pair);
    for (unsigned l = 0; l < n; l++) {
        parent[l] = l;
        count[l] = 1;
        group_of_root[l] = -1;
    }
    for (size_t p = 0; p < n_pairs; p++) {
        unsigned ra = root_of(parent, pairs[p].a), rb = root_of(parent, pairs[p].b);
        if (ra == rb || count[ra] + count[rb] > GL_REFINER_MAX)
            continue;
        parent[rb] = ra;
        count[ra] += count[rb];
    }
    unsigned n_groups = 0;
    for (unsigned l = 0; l < n; l++) {
        unsigned r = root_of(parent, l);
        if (count[r] < 2)
            continue;
        if (group_of_root[r] < 0) {
            group_of_root[r] = (int)n_groups;
            out[n_groups++] = (refiner_fit){.bits = t->bucket_bits < REFINER_BITS ? t->bucket_bits : REFINER_BITS};
        }
        refiner_fit *g = &out[group_of_root[r]];
        g->members[g->n++] = (int)l;
    }
    for (unsigned g = 0; g < n_groups; g++) {
        fprintf(stderr, "close group %u:", g + 1);
        for (unsigned i = 0; i < out[g].n; i++)
            fprintf(stderr, " %s", t->langs[out[g].members[i]].tag);
        fputc('\n', stderr);
    }
    free(conf);
    free(views);
    free(pairs);
    free(parent);
    free(count);
    free(group_of_root);
    return n_groups;
}

/* The group's logits (unscaled) for the features in w, from float or
 * quantized weights (q, step). */
static void refiner_sums(const refiner_fit *g, const workspace *w, const int8_t *q, float step, float *z)
{
    const uint32_t mask = (1u << g->bits) - 1;
    for (unsigned i = 0; i < g->n; i++)
        z[i] = 0;
    for (size_t f = 0; f < w->n_features; f++) {
        size_t row = (size_t)(w->features[f] & mask) * g->n;
        for (unsigned i = 0; i < g->n; i++)
            z[i] += q ? (float)q[row + i] : g->w[row + i];
    }
    float scale = q ? gl_hidden_scale(step, w->n_features) : 1.0f / (float)w->n_features;
    for (unsigned i = 0; i < g->n; i++)
        z[i] = g->bias[i] + z[i] * scale;
}

/* One SGD step of the group's layer on the features in w, of member target. */
static void refiner_step(refiner_fit *g, const workspace *w, unsigned target, float lr)
{
    float z[GL_REFINER_MAX], step[GL_REFINER_MAX];
    refiner_sums(g, w, NULL, 0, z);
    float top = z[0], sum = 0;
    for (unsigned i = 1; i < g->n; i++)
        top = z[i] > top ? z[i] : top;
    for (unsigned i = 0; i < g->n; i++)
        sum += z[i] = expf(z[i] - top);
    for (unsigned i = 0; i < g->n; i++) {
        float grad = z[i] / sum - (i == target ? 1.0f : 0.0f);
        g->bias[i] -= lr * grad;
        step[i] = lr * grad / (float)w->n_features;
    }
    const uint32_t mask = (1u << g->bits) - 1;
    for (size_t f = 0; f < w->n_features; f++) {
        float *row = g->w + (size_t)(w->features[f] & mask) * g->n;
        for (unsigned i = 0; i < g->n; i++)
            row[i] -= step[i];
    }
}

/* Trains one group's layer: each epoch about epoch_bytes of each member,
 * sampled as the main model's epochs are (sources weighed alike). */
static void fit_refiner_layer(trainer *t, const options *o, refiner_fit *g, workspace *w, uint64_t seed)
{
    size_t rows = (size_t)1 << g->bits;
    g->w = calloc(rows * g->n, sizeof *g->w);
    if (!g->w)
        die("%s", "out of memory");
    example_list list = {0};
    arena a = {0};
    uint64_t rng = seed;
    /* from each source's first line, whether the main model was trained
     * in this run (moving the cursors) or read with --base */
    for (unsigned i = 0; i < g->n; i++)
        for (size_t s = 0; s < t->langs[g->members[i]].n_sources; s++)
            t->langs[g->members[i]].sources[s].cursor = 0;
    for (unsigned e = 0; e < REFINER_EPOCHS; e++) {
        list.n = 0;
        arena_reset(&a);
        for (unsigned i = 0; i < g->n; i++) {
            language *lang = &t->langs[g->members[i]];
            double budget[256];
            source_budgets(lang, o->epoch_bytes, o->max_repeat, budget);
            int japanese = strcmp(lang->meta.script, "Jpan") == 0;
            for (size_t s = 0; s < lang->n_sources && s < 256; s++)
                sample_source(&list, (int)i, japanese, &lang->sources[s], budget[s], &a, &rng);
        }
        shuffle_examples(&list, &rng);
        for (size_t x = 0; x < list.n; x++) {
            double progress = ((double)e + (double)x / (double)list.n) / REFINER_EPOCHS;
            featurize(t, w, list.items[x].text);
            if (w->n_features)
                refiner_step(g, w, (unsigned)list.items[x].lang, (float)(REFINER_LR * (1.0 - progress)));
        }
    }
    free(list.items);
    arena_free(&a);
    g->q = quantize_weights(g->w, rows * g->n, &g->step);
    free(g->w);
    g->w = NULL;
}

/* The layer's sharpness, fitted on the members' held-out texts with the
 * prior added as the library adds it. */
static void calibrate_refiner(const trainer *t, refiner_fit *g, workspace *w)
{
    size_t cap = 1024, n = 0;
    calib_item *items = malloc(cap * sizeof *items);
    uint64_t view_rng = 12345;
    text_slice *v = xrealloc(NULL, HELDOUT_MAX * HELDOUT_VIEWS * sizeof *v);
    for (unsigned i = 0; i < g->n; i++) {
        const language *lang = &t->langs[g->members[i]];
        size_t n_views = views_of_lines(lang->heldout, lang->n_heldout, &view_rng, v);
        for (size_t k = 0; k < n_views; k++) {
            featurize(t, w, v[k]);
            if (!w->n_features)
                continue;
            if (n == cap)
                items = xrealloc(items, (cap *= 2) * sizeof *items);
            calib_item *it = &items[n++];
            it->logits = malloc(g->n * sizeof(float));
            it->prior = malloc(g->n * sizeof(float));
            refiner_sums(g, w, g->q, g->step, it->logits);
            for (unsigned c = 0; c < g->n; c++)
                it->prior[c] = GLOSSA_PRIOR_STRENGTH * t->log_writers[g->members[c]];
            it->n_candidates = g->n;
            it->target = i;
            it->log_features = logf((float)w->n_features);
        }
    }
    free(v);
    fit_sharpness(items, n, "held-out texts of a close group", &g->calib_a, &g->calib_b);
    free_calib_items(items, n);
}

static void train_refiner(trainer *t, const options *o, refiner_fit *g, uint64_t seed)
{
    workspace *w = workspace_new(t);
    fit_refiner_layer(t, o, g, w, seed);
    calibrate_refiner(t, g, w);
    workspace_free(w);
}

typedef struct {
    trainer *t;
    const options *o;
    refiner_fit *groups;
    unsigned n_groups, first, stride;
} refiner_job;

static void *refiner_worker(void *arg)
{
    refiner_job *job = arg;
    for (unsigned g = job->first; g < job->n_groups; g += job->stride)
        train_refiner(job->t, job->o, &job->groups[g], job->o->seed + 1000003u * (g + 1));
    return NULL;
}

/* Trains every group's layer, on o->threads threads: the groups share no
 * language, and each has a seed of its own, so the result is the same for
 * any number of threads. */
static void train_refiners(trainer *t, const options *o, refiner_fit *groups, unsigned n_groups)
{
    double start = now_seconds();
    refiner_job jobs[64];
    pthread_t threads[64];
    for (unsigned k = 0; k < o->threads; k++) {
        jobs[k] = (refiner_job){t, o, groups, n_groups, k, o->threads};
        if (o->threads > 1)
            pthread_create(&threads[k], NULL, refiner_worker, &jobs[k]);
        else
            refiner_worker(&jobs[k]);
    }
    if (o->threads > 1)
        for (unsigned k = 0; k < o->threads; k++)
            pthread_join(threads[k], NULL);
    fprintf(stderr, "%u close groups refined, %.1f s\n", n_groups, now_seconds() - start);
}

/* The model's bytes with the groups' refiners appended (model_format.h). */
static unsigned char *with_refiners(unsigned char *buf, size_t *size, const refiner_fit *groups, unsigned n_groups)
{
    if (n_groups == 0)
        return buf;
    size_t rows = (size_t)1 << groups[0].bits;
    size_t off = align64(*size), records = 8 + (size_t)n_groups * GL_REFINER_RECORD;
    size_t end = align64(off + records);
    for (unsigned g = 0; g < n_groups; g++)
        end = align64(end + rows * groups[g].n + GL_REFINER_PAD);
    buf = xrealloc(buf, end);
    memset(buf + *size, 0, end - *size);
    unsigned char *r = buf + off;
    gl_put32(r, n_groups);
    gl_put32(r + 4, groups[0].bits);
    size_t table = align64(off + records);
    for (unsigned g = 0; g < n_groups; g++) {
        const refiner_fit *f = &groups[g];
        unsigned char *rec = r + 8 + (size_t)g * GL_REFINER_RECORD;
        gl_put32(rec + GL_REF_MEMBERS, f->n);
        for (unsigned i = 0; i < f->n; i++) {
            gl_put32(rec + GL_REF_LANGS + 4 * i, (uint32_t)f->members[i]);
            gl_putf32(rec + GL_REF_BIAS + 4 * i, f->bias[i]);
        }
        gl_putf32(rec + GL_REF_QUANT_STEP, f->step);
        gl_putf32(rec + GL_REF_CALIB_A, f->calib_a);
        gl_putf32(rec + GL_REF_CALIB_B, f->calib_b);
        gl_put64(rec + GL_REF_TABLE_OFFSET, table);
        memcpy(buf + table, f->q, rows * f->n);
        table = align64(table + rows * f->n + GL_REFINER_PAD);
    }
    gl_put64(buf + GL_HDR_REFINERS_OFFSET, off);
    gl_put64(buf + GL_HDR_REFINERS_SIZE, records);
    gl_put64(buf + GL_HDR_FILE_SIZE, end);
    gl_put64(buf + GL_HDR_CHECKSUM, gl_hash64(buf + GL_MODEL_CHECKSUM_FROM, end - GL_MODEL_CHECKSUM_FROM));
    *size = end;
    return buf;
}

/* ---- the temperature: calibrated on text unlike the train text ---- */

/* Writes the final softmax's temperature into a model and seals it. */
static void set_temperature(unsigned char *model, size_t size, float temperature)
{
    gl_putf32(model + GL_HDR_TEMPERATURE, temperature);
    gl_put64(model + GL_HDR_CHECKSUM, gl_hash64(model + GL_MODEL_CHECKSUM_FROM, size - GL_MODEL_CHECKSUM_FROM));
}

/* The most probable candidates a text is fitted on; the rest, which
 * hold little, are taken as one. */
#define UNSEEN_GUESSES 32

typedef struct {
    float probability[UNSEEN_GUESSES + 2]; /* at temperature 1; then the target, if below them, and the rest */
    uint32_t n, target;
    float weight; /* the square root of its language's share of writers (the prior's table) */
} unseen_item;

/* Weighted mean negative log-likelihood of the targets with the logits
 * divided by temperature: p_i^(1/T), normalized. */
static double temperature_loss(const unseen_item *items, size_t n, double temperature)
{
    double total = 0, weights = 0;
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (uint32_t c = 0; c < items[i].n; c++)
            sum += pow(items[i].probability[c], 1.0 / temperature);
        total += items[i].weight * (log(sum) - log(items[i].probability[items[i].target]) / temperature);
        weights += items[i].weight;
    }
    return total / weights;
}

/* One text's candidates for the fit, or 0 when it cannot be fitted on (its
 * language not a candidate, or the answer forced). A target below the
 * guesses is given the least of them, an upper bound. */
static int unseen_item_of(const glossa_guess *guesses, const glossa_result *r, int lang, unseen_item *it)
{
    if (r->count < 2 || guesses[0].probability <= 0)
        return 0;
    double rest = 1.0;
    it->n = (uint32_t)r->count;
    it->target = UINT32_MAX;
    for (size_t c = 0; c < r->count; c++) {
        it->probability[c] = guesses[c].probability;
        rest -= guesses[c].probability;
        if (guesses[c].language == lang)
            it->target = (uint32_t)c;
    }
    if (rest > 1e-6 && r->count == UNSEEN_GUESSES) {
        float least = guesses[r->count - 1].probability;
        if (it->target == UINT32_MAX) {
            it->target = it->n;
            it->probability[it->n++] = least;
            rest -= least;
        }
        it->probability[it->n++] = (float)(rest > 1e-6 ? rest : 1e-6);
    }
    return it->target != UINT32_MAX && it->probability[it->target] > 0;
}

/* The temperature that calibrates the model (with its refiners, through
 * the library, at the default prior) on the lines of the train files it
 * did not see (--unseen-sources), cut as held-out lines are; 0 when there
 * are none. On its own text the sharpness fitted on held-out lines is
 * right; on another domain's text the same model is surer than it is
 * right, which is what real text shows. */
static float fit_temperature(const trainer *t, unsigned char *model, size_t size)
{
    size_t n_lines = 0;
    for (unsigned l = 0; l < t->n_langs; l++)
        n_lines += t->langs[l].n_unseen;
    if (n_lines == 0)
        return 0.0f;
    set_temperature(model, size, 1.0f);
    glossa_model *m;
    glossa_detector *d;
    if (glossa_model_load_memory(model, size, &m) != GLOSSA_OK || glossa_detector_create(m, &d) != GLOSSA_OK)
        die("%s", "cannot load the model to fit its temperature");
    glossa_guess guesses[UNSEEN_GUESSES];
    unseen_item *items = malloc(n_lines * HELDOUT_VIEWS * sizeof *items);
    size_t n = 0;
    uint64_t rng = 777;
    text_slice *v = xrealloc(NULL, 2 * UNSEEN_MAX * HELDOUT_VIEWS * sizeof *v);
    for (unsigned l = 0; l < t->n_langs; l++) {
        size_t n_views = views_of_lines(t->langs[l].unseen, t->langs[l].n_unseen, &rng, v);
        for (size_t k = 0; k < n_views; k++) {
            glossa_result r;
            glossa_detect(d, v[k].text, v[k].len, NULL, guesses, UNSEEN_GUESSES, &r);
            items[n].weight = sqrtf(expf(t->log_writers[l]));
            n += unseen_item_of(guesses, &r, (int)l, &items[n]);
        }
    }
    free(v);
    glossa_detector_free(d);
    glossa_model_free(m);
    /* the loss is convex in 1 / temperature: a golden-section search */
    double lo = 0.3, hi = 3.0, phi = (sqrt(5.0) - 1) / 2;
    while (hi - lo > 0.002) {
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        if (temperature_loss(items, n, a) < temperature_loss(items, n, b))
            hi = b;
        else
            lo = a;
    }
    double best = (lo + hi) / 2, best_loss = temperature_loss(items, n, best);
    fprintf(stderr, "temperature on %zu texts of unseen train files: %.2f (nll %.4f, at 1: %.4f)\n", n, best,
            best_loss, temperature_loss(items, n, 1.0));
    free(items);
    return (float)best;
}

/* ---- the model: trained, or read and checked ---- */

static unsigned char *trained_model(trainer *t, const options *o, const char *digest, size_t *size)
{
    train(t, o);
    float step, a, b;
    int8_t *q = quantize_weights(t->table, ((size_t)1 << t->bucket_bits) * t->dim, &step);
    calibrate(t, q, step, &a, &b);
    unsigned char *model = model_bytes(t, q, step, a, b, digest, size);
    free(q);
    return model;
}

/* The model in path, without its refiners unless keep_refiners, if it was
 * trained on this corpus (the same digest, so the same languages in the
 * same order). */
static unsigned char *base_model(const trainer *t, const char *path, const char *digest, int keep_refiners,
                                 size_t *size)
{
    unsigned char *model = (unsigned char *)read_file(path, size);
    glossa_model *m;
    if (!model || glossa_model_load_memory(model, *size, &m) != GLOSSA_OK)
        die("cannot load the model %s", path);
    int same = strcmp(glossa_model_corpus(m), digest) == 0 && glossa_model_language_count(m) == (int)t->n_langs;
    glossa_model_free(m);
    if (!same)
        die("%s was not trained on this corpus", path);
    uint64_t refiners = gl_le64(model + GL_HDR_REFINERS_OFFSET);
    if (refiners && !keep_refiners) { /* they are the file's last part */
        *size = refiners;
        gl_put64(model + GL_HDR_REFINERS_OFFSET, 0);
        gl_put64(model + GL_HDR_REFINERS_SIZE, 0);
        gl_put64(model + GL_HDR_FILE_SIZE, *size);
        gl_put64(model + GL_HDR_CHECKSUM, gl_hash64(model + GL_MODEL_CHECKSUM_FROM, *size - GL_MODEL_CHECKSUM_FROM));
    }
    return model;
}

/* ---- main ---- */

static void usage(void)
{
    fputs("usage: glossa-train --corpus DIR --out FILE [options]\n"
          "  --manifest FILE     list every corpus file read, with its size and hash\n"
          "  --languages CODES   only these corpus codes (comma-separated)\n"
          "  --min-bytes N       languages with at least N bytes of train text (20000)\n"
          "  --dim N             hidden dimension, at most 64 (32)\n"
          "  --bucket-bits N     feature table of 2^N rows (18)\n"
          "  --max-ngram N       longest character n-gram, at most 5 (5)\n"
          "  --epochs N          (15)\n"
          "  --epoch-bytes N     text sampled per language and epoch (800000)\n"
          "  --max-repeat N      times a small language's lines may recur in an epoch (4)\n"
          "  --word-share X      spelling-dictionary words (words/) per piece of text, where there are any (0)\n"
          "  --non-language 0|1  a class (zxx) for text that is not language: mash, laughter (1)\n"
          "  --lr X              initial learning rate (0.5)\n"
          "  --threads N         1 is deterministic for a seed (1)\n"
          "  --seed N            (1)\n"
          "  --refiners 0|1      a layer of its own for each group of close languages (1)\n"
          "  --base FILE         keep FILE's model (trained on this corpus) and train its\n"
          "                      refiners only; with --refiners 0, keep its refiners too\n"
          "  --unseen-sources 0|1  keep one train file of each language that has several\n"
          "                      out of training and fit the temperature on it (0)\n"
          "  --temperature X     write temperature X instead (1 without unseen files)\n",
          stderr);
    exit(1);
}

int main(int argc, char **argv)
{
    /* dim 32 with 494 languages: against dim 16 (with twice the buckets,
     * the same 8 MB) +0.6 / +2.2 / +1.4 points on ood and +1.3 / +3.3 /
     * +1.9 on dev (whole line / two words / one word, make eval,
     * 2026-12-01): 16 dimensions are too few to tell that many languages
     * apart. 15 epochs: the loss still falls, slowly. */
    /* No spelling-dictionary words by default: only 34 thinner languages
     * have a list, and it pulled short input to them from the close
     * languages without one (ood whole lines, --word-share 0.5 -> 0: hr
     * 36.8 -> 87.9 %, da 88.2 -> 94.3 %; bs-Latn, which has one, 67 ->
     * 10 %; macro unchanged, dev +0.1 / +0.5 / +0.4). */
    options o = {NULL, NULL, NULL, 32, 18, 5, 15, 1, 20000, 800000, 4, 1, 0.0, 0.5, 1, NULL, NULL, 1, 0, 0.0};
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (strcmp(a, "--corpus") == 0) o.corpus = v;
        else if (strcmp(a, "--out") == 0) o.out = v;
        else if (strcmp(a, "--manifest") == 0) o.manifest = v;
        else if (strcmp(a, "--languages") == 0) o.only = v;
        else if (strcmp(a, "--min-bytes") == 0) o.min_bytes = strtoull(v, NULL, 10);
        else if (strcmp(a, "--dim") == 0) o.dim = (unsigned)atoi(v);
        else if (strcmp(a, "--bucket-bits") == 0) o.bucket_bits = (unsigned)atoi(v);
        else if (strcmp(a, "--max-ngram") == 0) o.max_n = (unsigned)atoi(v);
        else if (strcmp(a, "--epochs") == 0) o.epochs = (unsigned)atoi(v);
        else if (strcmp(a, "--epoch-bytes") == 0) o.epoch_bytes = strtoull(v, NULL, 10);
        else if (strcmp(a, "--max-repeat") == 0) o.max_repeat = (unsigned)atoi(v);
        else if (strcmp(a, "--word-share") == 0) o.word_share = atof(v);
        else if (strcmp(a, "--non-language") == 0) o.non_language = atoi(v);
        else if (strcmp(a, "--lr") == 0) o.lr = atof(v);
        else if (strcmp(a, "--threads") == 0) o.threads = (unsigned)atoi(v);
        else if (strcmp(a, "--seed") == 0) o.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--base") == 0) o.base = v;
        else if (strcmp(a, "--refiners") == 0) o.refiners = atoi(v);
        else if (strcmp(a, "--unseen-sources") == 0) o.unseen_sources = atoi(v);
        else if (strcmp(a, "--temperature") == 0) o.temperature = atof(v);
        else usage();
    }
    if (!o.corpus || !o.out || o.dim < 1 || o.dim > GL_MAX_DIM || o.bucket_bits < GL_MIN_BUCKET_BITS ||
        o.bucket_bits > GL_MAX_BUCKET_BITS || o.max_n < 1 || o.max_n > GL_MAX_NGRAM || o.epochs < 1 ||
        o.threads < 1 || o.threads > 64 || o.max_repeat < 1 || !(o.lr > 0) || !(o.word_share >= 0 && o.word_share <= 10) ||
        !(o.temperature == 0 || (o.temperature >= GL_MIN_TEMPERATURE && o.temperature <= GL_MAX_TEMPERATURE)))
        usage();

    trainer t = {0};
    t.dim = o.dim;
    t.bucket_bits = o.bucket_bits;
    t.max_n = o.max_n;
    char digest[GL_MODEL_CORPUS_LEN];
    load_corpus(&t, &o, digest, sizeof digest);
    fprintf(stderr, "%u languages, %u script groups\n", t.n_langs, t.n_groups);
    size_t size;
    unsigned char *model =
        o.base ? base_model(&t, o.base, digest, !o.refiners, &size) : trained_model(&t, &o, digest, &size);
    if (o.refiners) {
        refiner_fit groups[GLOSSA_MAX_LANGUAGES / 2];
        unsigned n_groups = close_groups(&t, model, size, groups);
        train_refiners(&t, &o, groups, n_groups);
        model = with_refiners(model, &size, groups, n_groups);
        for (unsigned g = 0; g < n_groups; g++)
            free(groups[g].q);
    }
    float temperature = o.temperature > 0 ? (float)o.temperature : fit_temperature(&t, model, size);
    if (temperature > 0)
        set_temperature(model, size, temperature);
    FILE *f = fopen(o.out, "wb");
    if (!f || fwrite(model, 1, size, f) != size || fclose(f) != 0)
        die("cannot write %s", o.out);
    fprintf(stderr, "wrote %s: %u languages, %zu bytes, corpus %s\n", o.out, t.n_langs, size, digest);
    free(model);
    return 0;
}
