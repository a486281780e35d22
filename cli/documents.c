/* Documents: a file as one document (or one line with --lines), detected or
 * cut into spans as it streams in. */
#include <stdio.h>

#include "cli.h"

/* ---- Documents: a file, or one line with --lines --------------------------- */

int spans_mode(const options *o) { return o->spans || o->summary; }

void document_begin(worker *w)
{
    if (spans_mode(w->a->opt))
        glossa_spans_begin(w->det, w->a->only, w->a->opt->spans ? print_span : NULL, w);
    else
        glossa_stream_begin(w->det, w->a->only);
}

void document_feed(worker *w, const char *p, size_t n)
{
    if (spans_mode(w->a->opt))
        glossa_spans_feed(w->det, p, n);
    else
        glossa_stream_feed(w->det, p, n);
}

void document_end(worker *w)
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

/* Reads in to its end (or until a signal asks to stop) in chunks, counted,
 * each given to fn with ctx, the progress line shown after each. Returns 0, or -1 when it cannot be read
 * (reported). */
int read_chunks(app *a, input *in, const char *name, chunk_fn fn, void *ctx)
{
    static char buf[CHUNK];
    while (!stop_signal) {
        long got = input_read(in, buf, sizeof buf);
        if (got < 0 && stop_signal) /* the read was cut by the signal */
            return 0;
        if (got < 0) {
            fprintf(stderr, "glossa: %s: %s\n", name, input_error(in));
            return -1;
        }
        if (got == 0)
            return 0;
        a->bytes += (uint64_t)got;
        fn(ctx, buf, (size_t)got);
        progress(a, 0);
    }
    return 0;
}

static void feed_chunk(void *ctx, const char *p, size_t n)
{
    worker *w = ctx;
    document_feed(w, p, n);
    write_out(stdout, w->out);
}

/* One file as one document. Returns 0, or -1 when it could not be read. */
int process_document(app *a, worker *w, input *in, const char *name)
{
    strbuf out = {0};
    stats st = {0, 0, 0, a->total.per_lang};
    w->out = &out;
    w->st = &st;
    w->name = name;
    document_begin(w);
    int rc = read_chunks(a, in, name, feed_chunk, w);
    document_end(w);
    if (rc == 0 && !stop_signal) /* a document cut short has no result */
        write_out(stdout, &out);
    a->total.records += st.records;
    sb_free(&out);
    w->out = NULL;
    w->st = NULL;
    return rc;
}

