/* Records (--lines and --jsonl): lines read into blocks, blocks labelled by a
 * pool of threads, and written back in input order; JSON Lines records
 * decoded and written back with the language added. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* ---- JSON Lines records ------------------------------------------------------ */

enum { KEY_TEXT, KEY_LANG, KEY_PROB, KEY_TOP, KEY_SPANS, KEY_ERROR, KEY_TEXT_HEAD, N_KEYS };

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

/* A record without a text field to label: written with an error field, or
 * to --rejects as {"error", "file", "line", "record"}. */
static void no_text_field(worker *w, const char *rec, size_t len, const jl_record *r, int not_string)
{
    const options *o = w->a->opt;
    jl_member error = {KEY_ERROR, "error", {0}};
    char message[300];
    snprintf(message, sizeof message, not_string ? "the field \"%s\" is not a string" : "no field \"%s\"", o->field);
    sb_json_string(&error.value, message, strlen(message));
    if (w->a->rejects) {
        sb_puts(w->rejects, "{\"error\": ");
        sb_add(w->rejects, error.value.data, error.value.len);
        sb_puts(w->rejects, ", \"file\": ");
        sb_json_string(w->rejects, w->file, strlen(w->file));
        sb_printf(w->rejects, ", \"line\": %zu, \"record\": ", w->line);
        sb_add(w->rejects, rec, len);
        sb_puts(w->rejects, "}\n");
    } else {
        jl_write_record(w->out, rec, len, r, &error, 1);
    }
    sb_free(&error.value);
    w->st->errors++;
}

/* The text field's value: the top-level member named --field, else, for
 * a.b.c, the member c of b of a. 0 when there is none. */
static int text_field(const options *o, const char *rec, const jl_record *r, jl_range *value)
{
    if (r->found[KEY_TEXT]) {
        *value = r->value[KEY_TEXT];
        return 1;
    }
    const char *path = o->field + strlen(o->field_head);
    if (*path == '\0' || !r->found[KEY_TEXT_HEAD])
        return 0;
    *value = r->value[KEY_TEXT_HEAD];
    while (*path == '.') {
        path++;
        size_t n = strcspn(path, ".");
        if (!jl_find_member(rec, *value, path, n, value))
            return 0;
        path += n;
    }
    return 1;
}

/* The guesses g[0 .. count) as a JSON array into value. */
static void add_top(const app *a, const glossa_guess *g, size_t count, strbuf *value)
{
    sb_putc(value, '[');
    for (size_t i = 0; i < count; i++)
        sb_printf(value, "%s{\"lang\": \"%s\", \"prob\": %.4f}", i ? ", " : "", tag(a, g[i].language),
                  g[i].probability);
    sb_putc(value, ']');
}

/* The spans of the record's text, as a JSON array into value. */
static void add_spans(worker *w, strbuf *value)
{
    span_list list = {w->a, value, 0};
    sb_putc(value, '[');
    glossa_spans_begin(w->det, w->a->only, add_span, &list);
    glossa_spans_feed(w->det, w->text.data ? w->text.data : "", w->text.len);
    glossa_spans_end(w->det, NULL);
    sb_putc(value, ']');
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
    if (o->utf8_replace) {
        w->valid.len = 0;
        sb_add_utf8(&w->valid, rec, len);
        rec = w->valid.data;
        len = w->valid.len;
    }
    const char *keys[N_KEYS] = {o->field,       o->lang_field, o->prob_field, o->top_field,
                                o->spans_field, "error",       o->field_head};
    jl_record r;
    size_t error_at;
    const char *error = jl_parse(rec, len, keys, N_KEYS, &r, &error_at);
    if (error) {
        char message[160];
        snprintf(message, sizeof message, "malformed JSON: %s at byte %zu", error, error_at);
        malformed_record(w, message, rec, len);
        return;
    }
    jl_range text;
    int found = text_field(o, rec, &r, &text);
    if (!found || !jl_is_string(rec, text)) {
        no_text_field(w, rec, len, &r, found);
        return;
    }
    jl_member m[4] = {{0}};
    size_t n = 0;
    w->text.len = 0;
    jl_decode_string(rec, text, &w->text);
    glossa_guess g[MAX_K];
    glossa_result res;
    glossa_detect(w->det, w->text.data ? w->text.data : "", w->text.len, a->only, g, (size_t)o->k, &res);
    count_language(w, g[0].language);
    m[n++] = (jl_member){KEY_LANG, o->lang_field, {0}};
    sb_printf(&m[0].value, "\"%s\"", tag(a, g[0].language));
    m[n++] = (jl_member){KEY_PROB, o->prob_field, {0}};
    sb_printf(&m[1].value, "%.4f", g[0].probability);
    if (o->k > 1) {
        m[n] = (jl_member){KEY_TOP, o->top_field, {0}};
        add_top(a, g, res.count, &m[n++].value);
    }
    if (o->spans) {
        m[n] = (jl_member){KEY_SPANS, o->spans_field, {0}};
        add_spans(w, &m[n++].value);
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

void process_block(void *context, pool_job *job)
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

void merge_stats(app *a, stats *st)
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

/* The end of a line too long for a block: a --lines document ends, a
 * JSON record is refused (its size is past MAX_RECORD). */
static void end_long_line(const app *a, worker *w)
{
    if (!a->opt->jsonl) {
        document_end(w);
        return;
    }
    char message[64];
    snprintf(message, sizeof message, "record longer than %u MiB", MAX_RECORD >> 20);
    w->st->records++;
    malformed_record(w, message, NULL, 0);
}

/* One file of records. The main worker streams lines too long for a block
 * (--lines) or skips them (--jsonl), after the blocks before them are
 * written. Returns 0, or -1 when the input could not be read. */
/* A file of records being cut into lines. */
typedef struct line_reader {
    strbuf pending; /* the start of the line being read */
    size_t line;
    int streaming; /* inside a line too long for a block */
} line_reader;

/* A line too long for a block: the blocks before it are written, and the
 * main worker streams it (--lines) or skips it (--jsonl). */
static void start_long_line(app *a, pipeline *pl, worker *w, line_reader *r)
{
    submit(a, pl);
    drain(a, pl);
    r->streaming = 1;
    if (!a->opt->jsonl) {
        w->line = r->line;
        document_begin(w);
        document_feed(w, r->pending.data, r->pending.len);
        write_out(stdout, w->out);
    }
    r->pending.len = 0;
}

/* The lines of p[0 .. end): into blocks, or streamed on the main worker. */
static void cut_lines(app *a, pipeline *pl, worker *w, line_reader *r, const char *name, const char *p,
                      const char *end)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (r->streaming) {
            if (!a->opt->jsonl) {
                document_feed(w, p, (size_t)(stop - p));
                write_out(stdout, w->out);
            }
            if (!nl)
                break;
            w->line = r->line++;
            end_long_line(a, w);
            write_out(stdout, w->out);
            if (a->rejects)
                write_out(a->rejects, w->rejects);
            r->streaming = 0;
        } else if (!nl) {
            sb_add(&r->pending, p, (size_t)(end - p));
            if (r->pending.len > (a->opt->jsonl ? MAX_RECORD : LONG_LINE))
                start_long_line(a, pl, w, r);
            break;
        } else {
            add_line(a, pl, name, r->line++, &r->pending, p, (size_t)(nl - p));
            r->pending.len = 0;
        }
        p = nl + 1;
    }
}

typedef struct chunk_lines {
    app *a;
    pipeline *pl;
    worker *w;
    line_reader *r;
    const char *name;
} chunk_lines;

static void cut_chunk(void *ctx, const char *p, size_t n)
{
    chunk_lines *cl = ctx;
    cut_lines(cl->a, cl->pl, cl->w, cl->r, cl->name, p, p + n);
}

int process_records(app *a, pipeline *pl, worker *main_w, input *in, const char *name)
{
    line_reader r = {{0}, 1, 0};
    strbuf main_out = {0}, main_rejects = {0};
    stats main_st = {0, 0, 0, a->total.per_lang};
    main_w->out = &main_out;
    main_w->rejects = &main_rejects;
    main_w->st = &main_st;
    main_w->name = NULL;
    main_w->file = name;
    chunk_lines cl = {a, pl, main_w, &r, name};
    int rc = read_chunks(a, in, name, cut_chunk, &cl);
    if (stop_signal) { /* the line being read is not complete: left out */
        main_out.len = 0;
    } else if (r.streaming) { /* the input ends inside a long line */
        main_w->line = r.line;
        end_long_line(a, main_w);
    } else if (r.pending.len) {
        add_line(a, pl, name, r.line, &r.pending, "", 0);
    }
    submit(a, pl);
    drain(a, pl);
    write_out(stdout, &main_out);
    if (a->rejects)
        write_out(a->rejects, &main_rejects);
    a->total.records += main_st.records;
    a->total.errors += main_st.errors;
    sb_free(&r.pending);
    sb_free(&main_out);
    sb_free(&main_rejects);
    /* no pointer to this call's buffers outlives it */
    main_w->out = main_w->rejects = NULL;
    main_w->st = NULL;
    return rc;
}

