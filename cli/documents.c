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

/* The next chunk of in, counted: its length, 0 at the end, or -1 when it
 * cannot be read (reported). */
long read_chunk(app *a, input *in, const char *name, char *buf, size_t n)
{
    long got = input_read(in, buf, n);
    if (got < 0)
        fprintf(stderr, "glossa: %s: %s\n", name, input_error(in));
    else
        a->bytes += (uint64_t)got;
    return got;
}

/* One file as one document. Returns 0, or -1 when it could not be read. */
int process_document(app *a, worker *w, input *in, const char *name)
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

