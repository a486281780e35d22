/* glossa: the command-line language identifier, a thin program over the
 * public API.
 *
 * Documents are streamed in chunks, so a document of any size takes bounded
 * memory. With --lines or --jsonl every line is a record: the main thread
 * reads records into blocks, a pool of threads (each with its own detector
 * on the one shared model) renders each block's output, and the main thread
 * writes the blocks in input order, so the output does not depend on -j. A
 * line too long for a block is streamed on the main thread instead. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glossa.h>

#include "common.h"
#include "input.h"
#include "jsonl.h"
#include "pool.h"
#include "strbuf.h"

#define CHUNK (64 * 1024)
#define MAX_K 50
#define BLOCK_BYTES (1u << 20)   /* records handed to a thread at a time */
#define BLOCK_RECORDS 4096u
#define LONG_LINE (4u << 20)     /* a longer line is streamed, not put in a block */
#define MAX_RECORD (64u << 20)   /* a longer JSON record is refused */

enum format { TEXT, TSV, JSON };

typedef struct options {
    int lines, jsonl, k, header, iso_tags, list_languages, show_version, spans, summary, quiet, prior, show_reliable;
    float min_prob;
    unsigned threads;
    enum format format;
    const char *only, *model_path, *field, *lang_field, *prob_field, *rejects;
    char top_field[256], spans_field[256];
    const char **files;
    int n_files;
} options;

/* Counts for the closing summary. */
typedef struct stats {
    uint64_t records, errors, blank;
    uint64_t *per_lang; /* n_langs + 1, the last for und */
} stats;

typedef struct app {
    const options *opt;
    const glossa_model *model;
    int n_langs;
    const glossa_langset *only;
    FILE *rejects;
    stats total;
    uint64_t bytes;
    /* progress on a terminal */
    int show_progress;
    double started, last_progress;
    int64_t total_size; /* of all inputs, -1 when unknown */
    uint64_t done_size; /* of the inputs finished */
    const input *current;
} app;

/* One thread's detector, and where its output goes. */
typedef struct worker {
    const app *a;
    glossa_detector *det;
    strbuf *out, *rejects;
    stats *st;
    strbuf text;      /* the text of a JSON record */
    const char *name; /* the document's file name, NULL for a record */
    const char *file; /* the file a record comes from */
    size_t line;
} worker;

/* Records for a thread: complete lines, each ending in '\n'. */
typedef struct block {
    pool_job job;
    strbuf in, out, rejects;
    size_t first_line;
    const char *file;
    stats st;
} block;

static const char usage_text[] =
    "usage: glossa [OPTIONS] [FILE...]\n"
    "Identifies the language of each FILE (standard input when none, or for -).\n"
    "Files compressed with gzip or zstd are read as they are.\n"
    "\n"
    "  -l, --lines           one result per input line (same count and order)\n"
    "      --jsonl           input is JSON Lines: every record is written back with\n"
    "                        the language added (other fields and their order kept)\n"
    "      --field NAME      with --jsonl: the field that holds the text (default text)\n"
    "      --lang-field NAME, --prob-field NAME\n"
    "                        with --jsonl: the fields added (default lang, lang_prob)\n"
    "      --rejects FILE    with --jsonl: records in error go there, not to the output\n"
    "      --spans           the spans of each document in one language: byte offsets\n"
    "                        [start, end), language, probability, first characters\n"
    "      --summary         each document's languages by share of its letters, and\n"
    "                        whether it is mixed (with --spans: after the spans)\n"
    "  -k N                  the N most likely languages with probabilities (1-50, default 1)\n"
    "  -j N                  threads for --lines and --jsonl (default: all cores);\n"
    "                        the output is the same for any N\n"
    "      --quiet           no progress line and no closing summary on standard error\n"
    "      --format F        text (default), tsv or json (JSON Lines)\n"
    "      --header          with --format tsv: a header line first\n"
    "      --only LANGS      answer only among these languages (comma-separated tags)\n"
    "      --prior population|flat\n"
    "                        on short input prefer the languages more people write\n"
    "                        (population, the default) or treat all alike (flat)\n"
    "      --min-prob P      leave out guesses below probability P (0-1); und when even\n"
    "                        the best is below it\n"
    "      --reliable        text and tsv: close each result with reliable or unreliable\n"
    "                        (json always has the reliable field)\n"
    "      --tag bcp47|iso   language tags as BCP 47 (nl, sr-Cyrl; default) or ISO (nld_Latn)\n"
    "      --model FILE      a model file written by glossa-train instead of the built-in model\n"
    "      --list-languages  the model's languages: tag, ISO 639-3, name, script\n"
    "      --version         glossa's version and the model's corpus digest\n"
    "  -h, --help            this help\n"
    "\n"
    "Output: text prints `TAG PROB` (k pairs with -k), prefixed by `FILE: ` when several\n"
    "files are given; tsv prints the file name (or the line number with --lines), then\n"
    "TAG and PROB columns; json prints one object per result with lang, prob, reliable\n"
    "(and top with -k > 1). Text without letters gives `und` with probability 0.\n"
    "--spans prints `START END TAG PROB TEXT` per span (tsv: FILE or LINE first; json:\n"
    "start, end, lang, prob, letters, text); --summary prints `TAG SHARE` pairs and\n"
    "`mixed` when a second language holds 5 % of the letters or more.\n"
    "--jsonl adds the fields lang and lang_prob (lang_top with -k > 1, lang_spans with\n"
    "--spans: byte offsets into the field's UTF-8 text). A record that is not a JSON\n"
    "object, or has no text field, is written with an error field instead (a malformed\n"
    "one as {\"error\", \"file\", \"line\", \"raw\"}); blank lines are kept. A summary of\n"
    "records, errors and languages closes on standard error.\n"
    "\n"
    "Examples:\n"
    "  echo 'Dit is een Nederlandse zin.' | glossa\n"
    "  glossa --lines -k 3 --format json corpus.txt\n"
    "  glossa --jsonl --field text shard-*.jsonl.zst > labelled.jsonl\n"
    "  glossa --only en,de,nl letter.txt\n"
    "  glossa --spans --summary article.txt\n"
    "  glossa --list-languages --format tsv\n"
    "\n"
    "Exit status: 0 success, 1 usage error, 2 a file could not be read.\n";

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "glossa: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'glossa --help'.\n");
    exit(1);
}

/* Writes out; a closed pipe (`glossa ... | head -1`) ends the program
 * quietly, any other write error is reported. */
static void write_out(FILE *f, strbuf *b)
{
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len) {
        if (errno == EPIPE)
            exit(0);
        fprintf(stderr, "glossa: write error: %s\n", strerror(errno));
        exit(2);
    }
    b->len = 0;
}

static void flush_stdout(void)
{
    if (fflush(stdout) != 0) {
        if (errno == EPIPE)
            exit(0);
        fprintf(stderr, "glossa: write error: %s\n", strerror(errno));
        exit(2);
    }
}

/* ---- Results ------------------------------------------------------------ */

static const char *tag(const app *a, int lang)
{
    const glossa_language *l = glossa_model_language(a->model, lang);
    return a->opt->iso_tags ? l->iso : l->tag;
}

static void count_language(worker *w, int lang)
{
    w->st->per_lang[lang == GLOSSA_UND ? w->a->n_langs : lang]++;
}

/* Where a result comes from: the file (document mode) or the line. */
static void print_origin(worker *w, const char *sep)
{
    const options *o = w->a->opt;
    strbuf *out = w->out;
    if (o->format == JSON) {
        if (w->name) {
            sb_puts(out, "{\"file\": ");
            sb_json_string(out, w->name, strlen(w->name));
        } else {
            sb_printf(out, "{\"line\": %zu", w->line);
        }
        sb_puts(out, sep);
    } else if (o->format == TSV) {
        if (w->name)
            sb_puts(out, w->name);
        else
            sb_printf(out, "%zu", w->line);
        sb_puts(out, sep);
    } else if (w->name && o->n_files > 1) {
        sb_printf(out, "%s: ", w->name);
    } else if (!w->name && o->spans) {
        sb_printf(out, "%zu: ", w->line);
    }
}

static void print_result(worker *w, const glossa_guess *g, const glossa_result *r)
{
    const options *o = w->a->opt;
    strbuf *out = w->out;
    print_origin(w, o->format == JSON ? ", " : "");
    if (o->format == JSON) {
        sb_printf(out, "\"lang\": \"%s\", \"prob\": %.4f, \"reliable\": %s", tag(w->a, g[0].language),
                  g[0].probability, r->reliable ? "true" : "false");
        if (o->k > 1) {
            sb_puts(out, ", \"top\": [");
            for (size_t i = 0; i < r->count; i++)
                sb_printf(out, "%s{\"lang\": \"%s\", \"prob\": %.4f}", i ? ", " : "", tag(w->a, g[i].language),
                          g[i].probability);
            sb_putc(out, ']');
        }
        sb_puts(out, "}\n");
    } else {
        for (size_t i = 0; i < r->count; i++)
            sb_printf(out, "%s%s%c%.4f", o->format == TSV ? "\t" : i ? " " : "", tag(w->a, g[i].language),
                      o->format == TSV ? '\t' : ' ', g[i].probability);
        if (o->show_reliable)
            sb_printf(out, "%c%s", o->format == TSV ? '\t' : ' ', r->reliable ? "reliable" : "unreliable");
        sb_putc(out, '\n');
    }
}

static void print_span(void *user, const glossa_span *span)
{
    worker *w = user;
    const options *o = w->a->opt;
    print_origin(w, o->format == JSON ? ", " : "\t");
    if (o->format == JSON) {
        sb_printf(w->out, "\"start\": %zu, \"end\": %zu, \"lang\": \"%s\", \"prob\": %.4f, \"letters\": %zu, \"text\": ",
                  span->start, span->end, tag(w->a, span->language), span->probability, span->letters);
        sb_json_string(w->out, span->excerpt, strlen(span->excerpt));
        sb_puts(w->out, "}\n");
    } else {
        char sep = o->format == TSV ? '\t' : ' ';
        sb_printf(w->out, "%zu%c%zu%c%s%c%.4f%c%s\n", span->start, sep, span->end, sep, tag(w->a, span->language),
                  sep, span->probability, sep, span->excerpt);
    }
}

static void print_summary(worker *w, const glossa_summary *s)
{
    const options *o = w->a->opt;
    strbuf *out = w->out;
    print_origin(w, o->format == JSON ? ", " : "\t");
    if (o->format == JSON) {
        sb_puts(out, "\"languages\": [");
        for (size_t i = 0; i < s->count; i++)
            sb_printf(out, "%s{\"lang\": \"%s\", \"share\": %.4f, \"letters\": %zu}", i ? ", " : "",
                      tag(w->a, s->top[i].language), s->top[i].share, s->top[i].letters);
        sb_printf(out, "], \"spans\": %zu, \"letters\": %zu, \"mixed\": %s}\n", s->spans, s->letters,
                  s->mixed ? "true" : "false");
        return;
    }
    if (s->count == 0)
        sb_puts(out, "und 0.0000");
    for (size_t i = 0; i < s->count; i++)
        sb_printf(out, "%s%s%c%.4f", i ? (o->format == TSV ? "\t" : " ") : "", tag(w->a, s->top[i].language),
                  o->format == TSV ? '\t' : ' ', s->top[i].share);
    if (o->format == TSV)
        sb_printf(out, "\t%s\n", s->mixed ? "mixed" : "single");
    else
        sb_puts(out, s->mixed ? " mixed\n" : "\n");
}

/* ---- Documents: a file, or one line with --lines --------------------------- */

static int spans_mode(const options *o) { return o->spans || o->summary; }

static void document_begin(worker *w)
{
    if (spans_mode(w->a->opt))
        glossa_spans_begin(w->det, w->a->only, w->a->opt->spans ? print_span : NULL, w);
    else
        glossa_stream_begin(w->det, w->a->only);
}

static void document_feed(worker *w, const char *p, size_t n)
{
    if (spans_mode(w->a->opt))
        glossa_spans_feed(w->det, p, n);
    else
        glossa_stream_feed(w->det, p, n);
}

static void document_end(worker *w)
{
    w->st->records++;
    if (spans_mode(w->a->opt)) {
        glossa_summary summary;
        glossa_spans_end(w->det, &summary);
        count_language(w, summary.count ? summary.top[0].language : GLOSSA_UND);
        if (w->a->opt->summary)
            print_summary(w, &summary);
        return;
    }
    glossa_guess g[MAX_K];
    glossa_result r;
    glossa_stream_end(w->det, g, (size_t)w->a->opt->k, &r);
    count_language(w, g[0].language);
    print_result(w, g, &r);
}

/* ---- JSON Lines records ------------------------------------------------------ */

enum { KEY_TEXT, KEY_LANG, KEY_PROB, KEY_TOP, KEY_SPANS, KEY_ERROR, N_KEYS };

static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return 0;
    return 1;
}

/* A record that is not valid JSON, or too long to read: its line, and the
 * line itself as a string when there is one. */
static void malformed_record(worker *w, const char *message, const char *raw, size_t n)
{
    strbuf *out = w->a->rejects ? w->rejects : w->out;
    sb_puts(out, "{\"error\": ");
    sb_json_string(out, message, strlen(message));
    sb_puts(out, ", \"file\": ");
    sb_json_string(out, w->file, strlen(w->file));
    sb_printf(out, ", \"line\": %zu", w->line);
    if (raw) {
        sb_puts(out, ", \"raw\": ");
        sb_json_string(out, raw, n);
    }
    sb_puts(out, "}\n");
    w->st->errors++;
}

typedef struct span_list {
    const app *a;
    strbuf *value;
    size_t count;
} span_list;

static void add_span(void *user, const glossa_span *span)
{
    span_list *l = user;
    sb_printf(l->value, "%s{\"start\": %zu, \"end\": %zu, \"lang\": \"%s\", \"prob\": %.4f}", l->count++ ? ", " : "",
              span->start, span->end, tag(l->a, span->language), span->probability);
}

static void jsonl_record(worker *w, const char *rec, size_t len)
{
    const app *a = w->a;
    const options *o = a->opt;
    if (blank(rec, len)) { /* kept as it is */
        sb_add(w->out, rec, len);
        sb_putc(w->out, '\n');
        w->st->blank++;
        return;
    }
    w->st->records++;
    const char *keys[N_KEYS] = {o->field, o->lang_field, o->prob_field, o->top_field, o->spans_field, "error"};
    jl_record r;
    size_t error_at;
    const char *error = jl_parse(rec, len, keys, N_KEYS, &r, &error_at);
    if (error) {
        char message[160];
        snprintf(message, sizeof message, "malformed JSON: %s at byte %zu", error, error_at);
        malformed_record(w, message, rec, len);
        return;
    }
    jl_member m[4] = {{0}};
    size_t n = 0;
    if (!r.found[KEY_TEXT] || !jl_is_string(rec, r.value[KEY_TEXT])) {
        m[0] = (jl_member){KEY_ERROR, "error", {0}};
        char message[300];
        snprintf(message, sizeof message, r.found[KEY_TEXT] ? "the field \"%s\" is not a string" : "no field \"%s\"",
                 o->field);
        sb_json_string(&m[0].value, message, strlen(message));
        jl_write_record(a->rejects ? w->rejects : w->out, rec, len, &r, m, 1);
        sb_free(&m[0].value);
        w->st->errors++;
        return;
    }
    w->text.len = 0;
    jl_decode_string(rec, r.value[KEY_TEXT], &w->text);
    glossa_guess g[MAX_K];
    glossa_result res;
    glossa_detect(w->det, w->text.data ? w->text.data : "", w->text.len, a->only, g, (size_t)o->k, &res);
    count_language(w, g[0].language);
    m[n++] = (jl_member){KEY_LANG, o->lang_field, {0}};
    sb_printf(&m[0].value, "\"%s\"", tag(a, g[0].language));
    m[n++] = (jl_member){KEY_PROB, o->prob_field, {0}};
    sb_printf(&m[1].value, "%.4f", g[0].probability);
    if (o->k > 1) {
        jl_member *top = &m[n++];
        *top = (jl_member){KEY_TOP, o->top_field, {0}};
        sb_putc(&top->value, '[');
        for (size_t i = 0; i < res.count; i++)
            sb_printf(&top->value, "%s{\"lang\": \"%s\", \"prob\": %.4f}", i ? ", " : "", tag(a, g[i].language),
                      g[i].probability);
        sb_putc(&top->value, ']');
    }
    if (o->spans) {
        jl_member *spans = &m[n++];
        *spans = (jl_member){KEY_SPANS, o->spans_field, {0}};
        span_list list = {a, &spans->value, 0};
        sb_putc(&spans->value, '[');
        glossa_spans_begin(w->det, a->only, add_span, &list);
        glossa_spans_feed(w->det, w->text.data ? w->text.data : "", w->text.len);
        glossa_spans_end(w->det, NULL);
        sb_putc(&spans->value, ']');
    }
    jl_write_record(w->out, rec, len, &r, m, n);
    for (size_t i = 0; i < n; i++)
        sb_free(&m[i].value);
}

/* ---- Records in blocks ---------------------------------------------------------- */

static void record(worker *w, const char *p, size_t n, size_t line)
{
    w->line = line;
    if (w->a->opt->jsonl) {
        jsonl_record(w, p, n);
    } else {
        document_begin(w);
        document_feed(w, p, n);
        document_end(w);
    }
}

static void process_block(void *context, pool_job *job)
{
    worker *w = context;
    block *b = (block *)job;
    w->out = &b->out;
    w->rejects = &b->rejects;
    w->st = &b->st;
    w->name = NULL;
    w->file = b->file;
    const char *p = b->in.data, *end = b->in.data + b->in.len;
    size_t line = b->first_line;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        record(w, p, (size_t)(nl - p), line++);
        p = nl + 1;
    }
}

static void merge_stats(app *a, stats *st)
{
    a->total.records += st->records;
    a->total.errors += st->errors;
    a->total.blank += st->blank;
    for (int i = 0; i <= a->n_langs; i++) {
        a->total.per_lang[i] += st->per_lang[i];
        st->per_lang[i] = 0;
    }
    st->records = st->errors = st->blank = 0;
}

static void progress(app *a, int force_end)
{
    if (!a->show_progress)
        return;
    double t = now_seconds();
    if (force_end) {
        fputs("\r\033[K", stderr);
        return;
    }
    if (t - a->last_progress < 0.5)
        return;
    a->last_progress = t;
    uint64_t done = a->done_size + (a->current ? input_consumed(a->current) : 0);
    double rate = (double)done / 1e6 / (t - a->started + 1e-9);
    fprintf(stderr, "\r\033[Kglossa: %llu records, %.1f MB, %.1f MB/s", (unsigned long long)a->total.records,
            (double)done / 1e6, rate);
    if (a->total_size > 0 && done <= (uint64_t)a->total_size) {
        double eta = rate > 0 ? ((double)a->total_size - (double)done) / 1e6 / rate : 0;
        fprintf(stderr, ", %.0f %%, ETA %d:%02d", 100.0 * (double)done / (double)a->total_size, (int)eta / 60,
                (int)eta % 60);
    }
}

/* Blocks submitted and waiting to be written, in input order. */
typedef struct pipeline {
    pool *pool;
    block *blocks;
    size_t cap, head, count;
} pipeline;

static void write_oldest(app *a, pipeline *pl)
{
    block *b = &pl->blocks[pl->head];
    pool_wait(pl->pool, &b->job);
    write_out(stdout, &b->out);
    if (a->rejects)
        write_out(a->rejects, &b->rejects);
    merge_stats(a, &b->st);
    pl->head = (pl->head + 1) % pl->cap;
    pl->count--;
    progress(a, 0);
}

static void drain(app *a, pipeline *pl)
{
    while (pl->count)
        write_oldest(a, pl);
}

/* The block being filled. */
static block *filling(pipeline *pl) { return &pl->blocks[(pl->head + pl->count) % pl->cap]; }

static void submit(app *a, pipeline *pl)
{
    block *b = filling(pl);
    if (b->in.len == 0)
        return;
    pool_submit(pl->pool, &b->job);
    pl->count++;
    if (pl->count == pl->cap)
        write_oldest(a, pl);
    filling(pl)->in.len = 0;
}

static void add_line(app *a, pipeline *pl, const char *file, size_t line, const strbuf *head, const char *p,
                     size_t n)
{
    block *b = filling(pl);
    if (b->in.len == 0) {
        b->first_line = line;
        b->file = file;
    }
    sb_add(&b->in, head->data ? head->data : "", head->len);
    sb_add(&b->in, p, n);
    sb_putc(&b->in, '\n');
    if (b->in.len >= BLOCK_BYTES || line - b->first_line + 1 >= BLOCK_RECORDS)
        submit(a, pl);
}

/* The next chunk of in, counted: its length, 0 at the end, or -1 when it
 * cannot be read (reported). */
static long read_chunk(app *a, input *in, const char *name, char *buf, size_t n)
{
    long got = input_read(in, buf, n);
    if (got < 0)
        fprintf(stderr, "glossa: %s: %s\n", name, input_error(in));
    else
        a->bytes += (uint64_t)got;
    return got;
}

/* One file of records. The main worker streams lines too long for a block
 * (--lines) or skips them (--jsonl), after the blocks before them are
 * written. Returns 0, or -1 when the input could not be read. */
static int process_records(app *a, pipeline *pl, worker *main_w, input *in, const char *name)
{
    static char buf[CHUNK];
    strbuf pending = {0}; /* the start of the line being read */
    strbuf main_out = {0}, main_rejects = {0};
    stats main_st = {0, 0, 0, a->total.per_lang};
    main_w->out = &main_out;
    main_w->rejects = &main_rejects;
    main_w->st = &main_st;
    main_w->name = NULL;
    main_w->file = name;
    size_t line = 1;
    int streaming = 0, rc = 0;
    for (;;) {
        long got = read_chunk(a, in, name, buf, sizeof buf);
        if (got <= 0) {
            rc = (int)got;
            break;
        }
        const char *p = buf, *end = buf + got;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *stop = nl ? nl : end;
            if (streaming) {
                if (!a->opt->jsonl) {
                    document_feed(main_w, p, (size_t)(stop - p));
                    write_out(stdout, &main_out);
                }
                if (!nl)
                    break;
                main_w->line = line++;
                if (a->opt->jsonl) {
                    main_st.records++;
                    malformed_record(main_w, "record longer than 64 MiB", NULL, 0);
                }
                else
                    document_end(main_w);
                write_out(stdout, &main_out);
                if (a->rejects)
                    write_out(a->rejects, &main_rejects);
                streaming = 0;
            } else if (!nl) {
                sb_add(&pending, p, (size_t)(end - p));
                if (pending.len > (a->opt->jsonl ? MAX_RECORD : LONG_LINE)) {
                    submit(a, pl);
                    drain(a, pl);
                    streaming = 1;
                    if (!a->opt->jsonl) {
                        main_w->line = line;
                        document_begin(main_w);
                        document_feed(main_w, pending.data, pending.len);
                        write_out(stdout, &main_out);
                    }
                    pending.len = 0;
                }
                break;
            } else {
                add_line(a, pl, name, line++, &pending, p, (size_t)(nl - p));
                pending.len = 0;
            }
            p = nl + 1;
        }
        progress(a, 0);
    }
    if (streaming) { /* the input ends inside a long line */
        main_w->line = line;
        if (a->opt->jsonl) {
            main_st.records++;
            malformed_record(main_w, "record longer than 64 MiB", NULL, 0);
        } else {
            document_end(main_w);
        }
    } else if (pending.len) {
        add_line(a, pl, name, line, &pending, "", 0);
    }
    submit(a, pl);
    drain(a, pl);
    write_out(stdout, &main_out);
    if (a->rejects)
        write_out(a->rejects, &main_rejects);
    a->total.records += main_st.records;
    a->total.errors += main_st.errors;
    sb_free(&pending);
    sb_free(&main_out);
    sb_free(&main_rejects);
    /* no pointer to this call's buffers outlives it */
    main_w->out = main_w->rejects = NULL;
    main_w->st = NULL;
    return rc;
}

/* One file as one document. Returns 0, or -1 when it could not be read. */
static int process_document(app *a, worker *w, input *in, const char *name)
{
    static char buf[CHUNK];
    strbuf out = {0};
    stats st = {0, 0, 0, a->total.per_lang};
    w->out = &out;
    w->st = &st;
    w->name = name;
    document_begin(w);
    int rc = 0;
    for (;;) {
        long got = read_chunk(a, in, name, buf, sizeof buf);
        if (got <= 0) {
            rc = (int)got;
            break;
        }
        document_feed(w, buf, (size_t)got);
        write_out(stdout, &out);
        progress(a, 0);
    }
    document_end(w);
    if (rc == 0)
        write_out(stdout, &out);
    a->total.records += st.records;
    sb_free(&out);
    w->out = NULL;
    w->st = NULL;
    return rc;
}

/* ---- The closing summary ---------------------------------------------------------- */

static void closing_summary(app *a, double seconds)
{
    fprintf(stderr, "glossa: %llu records, %.1f MB in %.2f s (%.1f MB/s): %llu labelled, %llu errors",
            (unsigned long long)a->total.records, (double)a->bytes / 1e6, seconds,
            (double)a->bytes / 1e6 / (seconds > 0 ? seconds : 1e-9),
            (unsigned long long)(a->total.records - a->total.errors), (unsigned long long)a->total.errors);
    if (a->total.blank)
        fprintf(stderr, ", %llu blank lines", (unsigned long long)a->total.blank);
    fputc('\n', stderr);
    fputs("glossa: languages:", stderr);
    int shown = 0, any = 0;
    for (int round = 0; round < 10; round++) { /* the ten largest counts */
        int best = -1;
        for (int i = 0; i <= a->n_langs; i++)
            if (a->total.per_lang[i] && (best < 0 || a->total.per_lang[i] > a->total.per_lang[best]))
                best = i;
        if (best < 0)
            break;
        fprintf(stderr, "%s %s %llu", shown++ ? "," : "", best == a->n_langs ? "und" : tag(a, best),
                (unsigned long long)a->total.per_lang[best]);
        any = 1;
        a->total.per_lang[best] = 0; /* counted: the summary is the last use */
    }
    size_t others = 0;
    for (int i = 0; i <= a->n_langs; i++)
        others += a->total.per_lang[i] != 0;
    if (others)
        fprintf(stderr, " and %zu more", others);
    fputs(any ? "\n" : " none\n", stderr);
}

/* ---- Options ------------------------------------------------------------------------ */

static void list_languages(const app *a)
{
    strbuf out = {0};
    if (a->opt->format == TSV && a->opt->header)
        sb_puts(&out, "tag\tiso639_3\tname\tscript\n");
    for (int i = 0; i < glossa_model_language_count(a->model); i++) {
        const glossa_language *l = glossa_model_language(a->model, i);
        if (a->opt->format == JSON) {
            sb_printf(&out, "{\"tag\": \"%s\", \"iso\": \"%s\", \"iso639_3\": \"%s\", \"name\": ", l->tag, l->iso,
                      l->iso639_3);
            sb_json_string(&out, l->name, strlen(l->name));
            sb_printf(&out, ", \"script\": \"%s\"}\n", l->script);
        } else {
            sb_printf(&out, "%s\t%s\t%s\t%s\n", a->opt->iso_tags ? l->iso : l->tag, l->iso639_3, l->name, l->script);
        }
    }
    write_out(stdout, &out);
    sb_free(&out);
}

static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc)
        usage_error("option %s needs a value", name);
    return argv[++*i];
}

static int is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || (arg[n] == '=' && name[1] == '-'));
}

static long number_option(int argc, char **argv, int *i, const char *name, long lo, long hi)
{
    const char *v = option_value(argc, argv, i, name);
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < lo || n > hi) {
        char message[96];
        snprintf(message, sizeof message, "%s takes a number from %ld to %ld, not '%%s'", name, lo, hi);
        usage_error(message, v);
    }
    return n;
}

static void parse_args(int argc, char **argv, options *o)
{
    int only_files = 0;
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            o->files[o->n_files++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = 1;
        } else if (strcmp(arg, "-l") == 0 || strcmp(arg, "--lines") == 0) {
            o->lines = 1;
        } else if (strcmp(arg, "--jsonl") == 0) {
            o->jsonl = 1;
        } else if (strcmp(arg, "--spans") == 0) {
            o->spans = 1;
        } else if (strcmp(arg, "--summary") == 0) {
            o->summary = 1;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            o->quiet = 1;
        } else if (strcmp(arg, "--header") == 0) {
            o->header = 1;
        } else if (strcmp(arg, "--list-languages") == 0) {
            o->list_languages = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (strcmp(arg, "--version") == 0) {
            o->show_version = 1;
        } else if (is_option(arg, "-k")) {
            o->k = (int)number_option(argc, argv, &i, "-k", 1, MAX_K);
        } else if (is_option(arg, "-j")) {
            o->threads = (unsigned)number_option(argc, argv, &i, "-j", 1, POOL_MAX_THREADS);
        } else if (is_option(arg, "--format")) {
            const char *v = option_value(argc, argv, &i, "--format");
            if (strcmp(v, "text") == 0) o->format = TEXT;
            else if (strcmp(v, "tsv") == 0) o->format = TSV;
            else if (strcmp(v, "json") == 0) o->format = JSON;
            else usage_error("unknown format '%s' (text, tsv or json)", v);
        } else if (is_option(arg, "--tag")) {
            const char *v = option_value(argc, argv, &i, "--tag");
            if (strcmp(v, "iso") == 0) o->iso_tags = 1;
            else if (strcmp(v, "bcp47") == 0) o->iso_tags = 0;
            else usage_error("unknown tag style '%s' (bcp47 or iso)", v);
        } else if (is_option(arg, "--only")) {
            o->only = option_value(argc, argv, &i, "--only");
        } else if (is_option(arg, "--min-prob")) {
            const char *v = option_value(argc, argv, &i, "--min-prob");
            char *end;
            double p = strtod(v, &end);
            if (*end || end == v || !(p >= 0.0 && p <= 1.0))
                usage_error("--min-prob takes a probability from 0 to 1, not '%s'", v);
            o->min_prob = (float)p;
        } else if (strcmp(arg, "--reliable") == 0) {
            o->show_reliable = 1;
        } else if (is_option(arg, "--prior")) {
            const char *v = option_value(argc, argv, &i, "--prior");
            if (strcmp(v, "population") == 0) o->prior = GLOSSA_PRIOR_POPULATION;
            else if (strcmp(v, "flat") == 0) o->prior = GLOSSA_PRIOR_FLAT;
            else usage_error("unknown prior '%s' (population or flat)", v);
        } else if (is_option(arg, "--model")) {
            o->model_path = option_value(argc, argv, &i, "--model");
        } else if (is_option(arg, "--field")) {
            o->field = option_value(argc, argv, &i, "--field");
        } else if (is_option(arg, "--lang-field")) {
            o->lang_field = option_value(argc, argv, &i, "--lang-field");
        } else if (is_option(arg, "--prob-field")) {
            o->prob_field = option_value(argc, argv, &i, "--prob-field");
        } else if (is_option(arg, "--rejects")) {
            o->rejects = option_value(argc, argv, &i, "--rejects");
        } else {
            usage_error("unknown option '%s'", arg);
        }
    }
    if (o->jsonl && o->lines)
        usage_error("%s and --lines exclude each other", "--jsonl");
    if (!o->jsonl && (o->field || o->lang_field || o->prob_field || o->rejects))
        usage_error("%s goes with --jsonl", o->field ? "--field" : o->rejects ? "--rejects" : "--lang-field/--prob-field");
    if (!o->field) o->field = "text";
    if (!o->lang_field) o->lang_field = "lang";
    if (!o->prob_field) o->prob_field = "lang_prob";
    if (strlen(o->lang_field) > 200)
        usage_error("%s: field name too long", o->lang_field);
    snprintf(o->top_field, sizeof o->top_field, "%s_top", o->lang_field);
    snprintf(o->spans_field, sizeof o->spans_field, "%s_spans", o->lang_field);
    if (o->threads == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = cores < 1 ? 1 : cores > POOL_MAX_THREADS ? POOL_MAX_THREADS : (unsigned)cores;
    }
}

/* A detector with the prior and the threshold that the options ask for. */
static int create_detector(const glossa_model *model, const options *o, glossa_detector **out)
{
    int status = glossa_detector_create(model, out);
    if (status == GLOSSA_OK)
        status = glossa_detector_set_prior(*out, o->prior, GLOSSA_PRIOR_STRENGTH);
    if (status == GLOSSA_OK)
        status = glossa_detector_set_min_probability(*out, o->min_prob);
    return status;
}

/* --only LANGS: every comma-separated tag must name a language. */
static void parse_only(const app *a, const char *list, glossa_langset *set)
{
    glossa_langset_clear(set);
    char *copy = strdup(list);
    for (char *t = strtok(copy, ", "); t; t = strtok(NULL, ", ")) {
        if (glossa_langset_add(set, a->model, t) < 0) {
            fprintf(stderr, "glossa: --only: unknown language '%s' (see --list-languages)\n", t);
            free(copy);
            exit(1);
        }
    }
    free(copy);
}

/* The size of all inputs, or -1 when one is not a regular file. */
static int64_t total_size(const options *o)
{
    int64_t total = 0;
    for (int i = 0; i < o->n_files; i++) {
        struct stat st;
        if (strcmp(o->files[i], "-") == 0 || stat(o->files[i], &st) != 0 || !S_ISREG(st.st_mode))
            return -1;
        total += (int64_t)st.st_size;
    }
    return total;
}

int main(int argc, char **argv)
{
    /* A closed pipe shows up as EPIPE on write, handled in write_out. */
    signal(SIGPIPE, SIG_IGN);
    options o = {0};
    o.k = 1;
    o.prior = GLOSSA_PRIOR_POPULATION;
    parse_args(argc, argv, &o);

    glossa_model *model;
    int status = o.model_path ? glossa_model_load_file(o.model_path, &model) : glossa_model_load_default(&model);
    if (status != GLOSSA_OK) {
        fprintf(stderr, "glossa: %s: %s\n", o.model_path ? o.model_path : "built-in model", glossa_strerror(status));
        free(o.files);
        return 2;
    }
    app a = {0};
    a.opt = &o;
    a.model = model;
    a.n_langs = glossa_model_language_count(model);
    a.total.per_lang = calloc((size_t)a.n_langs + 1, sizeof *a.total.per_lang);
    int records = o.lines || o.jsonl;
    unsigned threads = records ? o.threads : 1;
    worker workers[POOL_MAX_THREADS];
    void *contexts[POOL_MAX_THREADS];
    block *blocks = calloc(2 * (size_t)threads + 1, sizeof *blocks);
    if (!a.total.per_lang || !blocks) {
        fputs("glossa: out of memory\n", stderr);
        return 2;
    }
    for (unsigned i = 0; i < threads; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].a = &a;
        if (create_detector(model, &o, &workers[i].det) != GLOSSA_OK) {
            fputs("glossa: out of memory\n", stderr);
            return 2;
        }
        contexts[i] = &workers[i];
    }
    pipeline pl = {pool_create(threads, contexts, process_block), blocks, 2 * (size_t)threads + 1, 0, 0};
    for (size_t i = 0; i < pl.cap; i++) {
        blocks[i].st.per_lang = calloc((size_t)a.n_langs + 1, sizeof *blocks[i].st.per_lang);
        if (!blocks[i].st.per_lang || !pl.pool) {
            fputs("glossa: out of memory\n", stderr);
            return 2;
        }
    }
    /* The main thread's own detector, for documents and long lines. */
    worker main_w = {0};
    main_w.a = &a;
    if (create_detector(model, &o, &main_w.det) != GLOSSA_OK) {
        fputs("glossa: out of memory\n", stderr);
        return 2;
    }

    int rc = 0;
    glossa_langset only;
    if (o.show_version) {
        int languages = 0, non_language = 0;
        for (int l = 0; l < glossa_model_language_count(model); l++) {
            int is_zxx = strcmp(glossa_model_language(model, l)->tag, GLOSSA_NON_LANGUAGE_TAG) == 0;
            non_language |= is_zxx;
            languages += !is_zxx;
        }
        printf("glossa %s\nmodel: %d languages%s, corpus %s\n", glossa_version(), languages,
               non_language ? " and " GLOSSA_NON_LANGUAGE_TAG " (not language)" : "", glossa_model_corpus(model));
    } else if (o.list_languages) {
        list_languages(&a);
    } else {
        if (o.only) {
            parse_only(&a, o.only, &only);
            a.only = &only;
        }
        if (o.rejects && !(a.rejects = fopen(o.rejects, "w"))) {
            fprintf(stderr, "glossa: %s: %s\n", o.rejects, strerror(errno));
            return 2;
        }
        if (o.format == TSV && o.header && !o.jsonl) {
            fputs(o.lines ? "line" : "file", stdout);
            for (int i = 1; i <= o.k; i++)
                printf("\tlang%d\tprob%d", i, i);
            if (o.show_reliable)
                fputs("\treliable", stdout);
            putchar('\n');
        }
        if (o.n_files == 0)
            o.files[o.n_files++] = "-";
        a.show_progress = !o.quiet && isatty(STDERR_FILENO);
        a.started = now_seconds();
        a.last_progress = a.started - 1; /* the first call shows the line */
        a.total_size = total_size(&o);
        for (int i = 0; i < o.n_files; i++) {
            const char *name = o.files[i];
            int is_stdin = strcmp(name, "-") == 0;
            input *in = input_open(name);
            if (!in) {
                fprintf(stderr, "glossa: %s: %s\n", name, strerror(errno));
                rc = 2;
                continue;
            }
            a.current = in;
            const char *shown = is_stdin ? "(stdin)" : name;
            if ((records ? process_records(&a, &pl, &main_w, in, shown) : process_document(&a, &main_w, in, shown)) != 0)
                rc = 2;
            a.done_size += input_consumed(in);
            a.current = NULL;
            input_close(in);
        }
        progress(&a, 1);
        if (o.jsonl && !o.quiet)
            closing_summary(&a, now_seconds() - a.started);
        if (a.rejects && fclose(a.rejects) != 0) {
            fprintf(stderr, "glossa: %s: %s\n", o.rejects, strerror(errno));
            rc = 2;
        }
    }
    flush_stdout();
    pool_free(pl.pool);
    for (size_t i = 0; i < pl.cap; i++) {
        sb_free(&blocks[i].in);
        sb_free(&blocks[i].out);
        sb_free(&blocks[i].rejects);
        free(blocks[i].st.per_lang);
    }
    free(blocks);
    for (unsigned i = 0; i < threads; i++) {
        sb_free(&workers[i].text);
        glossa_detector_free(workers[i].det);
    }
    glossa_detector_free(main_w.det);
    free(a.total.per_lang);
    free(o.files);
    glossa_model_free(model);
    return rc;
}
