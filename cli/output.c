/* The CLI's output: results, spans and summaries in text, tsv, json or tags;
 * writing, with a closed pipe ending the program quietly; the progress line
 * and the closing summary on standard error. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common.h"

/* A write error: a closed pipe (`glossa ... | head -1`) ends the program
 * quietly, any other is reported. */
static void write_failed(void)
{
    if (errno == EPIPE)
        exit(0);
    fprintf(stderr, "glossa: write error: %s\n", strerror(errno));
    exit(2);
}

/* Writes out whole, with SIGINT and SIGTERM held back meanwhile: a write
 * is not cut by them (they are read without SA_RESTART). */
void write_out(FILE *f, strbuf *b)
{
    if (!b->len)
        return;
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int ok = fwrite(b->data, 1, b->len, f) == b->len && fflush(f) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!ok)
        write_failed();
    b->len = 0;
}

void flush_stdout(void)
{
    if (fflush(stdout) != 0)
        write_failed();
}

/* ---- Results ------------------------------------------------------------ */

const char *tag(const app *a, int lang)
{
    const glossa_language *l = glossa_model_language(a->model, lang);
    return a->opt->iso_tags ? l->iso : l->tag;
}

void count_language(worker *w, int lang)
{
    w->st->per_lang[lang == GLOSSA_UND ? w->a->n_langs : lang]++;
}

/* The file a result names: the document's, or a record's when there are
 * several files; NULL when none is named. */
static const char *origin_file(const worker *w)
{
    if (w->name)
        return w->name;
    return w->a->opt->n_files > 1 ? w->file : NULL;
}

/* Where a result comes from: the file (document mode), the line (records),
 * or both (records of several files). */
static void print_origin(worker *w, const char *sep)
{
    const options *o = w->a->opt;
    strbuf *out = w->out;
    const char *file = origin_file(w);
    if (o->format == JSON) {
        sb_putc(out, '{');
        if (file) {
            sb_puts(out, "\"file\": ");
            sb_json_string(out, file, strlen(file));
        }
        if (!w->name)
            sb_printf(out, "%s\"line\": %zu", file ? ", " : "", w->line);
        sb_puts(out, sep);
    } else if (o->format == TSV) {
        if (file)
            sb_puts(out, file);
        if (!w->name)
            sb_printf(out, "%s%zu", file ? "\t" : "", w->line);
        sb_puts(out, sep);
    } else if (w->name) {
        if (o->n_files > 1)
            sb_printf(out, "%s: ", w->name);
    } else if (file) { /* as grep -n names a line */
        sb_printf(out, "%s:%zu: ", file, w->line);
    } else if (o->spans) {
        sb_printf(out, "%zu: ", w->line);
    }
}

void print_result(worker *w, const glossa_guess *g, const glossa_result *r)
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
        return;
    }
    if (o->format == TAG) {
        for (size_t i = 0; i < r->count; i++) {
            if (i)
                sb_putc(out, ' ');
            sb_puts(out, tag(w->a, g[i].language));
        }
    } else {
        for (size_t i = 0; i < r->count; i++)
            sb_printf(out, "%s%s%c%.4f", o->format == TSV ? "\t" : i ? " " : "", tag(w->a, g[i].language),
                      o->format == TSV ? '\t' : ' ', g[i].probability);
        /* tsv: every row has the header's columns, empty where fewer
         * languages are guessed */
        for (size_t i = r->count; o->format == TSV && i < (size_t)o->k; i++)
            sb_puts(out, "\t\t");
    }
    if (o->show_reliable)
        sb_printf(out, "%c%s", o->format == TSV ? '\t' : ' ', r->reliable ? "reliable" : "unreliable");
    sb_putc(out, '\n');
}

void print_span(void *user, const glossa_span *span)
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

/* The languages a summary shows: -k N of them, all when -k is not given. */
size_t summary_languages(const options *o)
{
    return o->k_given ? (size_t)o->k : GLOSSA_SUMMARY_MAX;
}

void print_summary(worker *w, const glossa_summary *s)
{
    const options *o = w->a->opt;
    strbuf *out = w->out;
    size_t shown = s->count < summary_languages(o) ? s->count : summary_languages(o);
    print_origin(w, o->format == JSON ? ", " : "\t");
    if (o->format == JSON) {
        sb_puts(out, "\"languages\": [");
        for (size_t i = 0; i < shown; i++)
            sb_printf(out, "%s{\"lang\": \"%s\", \"share\": %.4f, \"letters\": %zu}", i ? ", " : "",
                      tag(w->a, s->top[i].language), s->top[i].share, s->top[i].letters);
        sb_printf(out, "], \"spans\": %zu, \"letters\": %zu, \"mixed\": %s}\n", s->spans, s->letters,
                  s->mixed ? "true" : "false");
        return;
    }
    if (o->format == TSV) { /* the header's columns on every row */
        for (size_t i = 0; i < summary_languages(o); i++)
            if (i < shown)
                sb_printf(out, "%s\t%.4f\t", tag(w->a, s->top[i].language), s->top[i].share);
            else
                sb_puts(out, "\t\t");
        sb_puts(out, s->mixed ? "mixed\n" : "single\n");
        return;
    }
    if (shown == 0)
        sb_puts(out, "und 0.0000");
    for (size_t i = 0; i < shown; i++)
        sb_printf(out, "%s%s %.4f", i ? " " : "", tag(w->a, s->top[i].language), s->top[i].share);
    sb_puts(out, s->mixed ? " mixed\n" : "\n");
}

void progress(app *a, int force_end)
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

/* ---- The closing summary ---------------------------------------------------------- */

/* "1 error", "2 errors". */
static void count_of(unsigned long long n, const char *one, const char *many)
{
    fprintf(stderr, "%llu %s", n, n == 1 ? one : many);
}

void closing_summary(app *a, double seconds)
{
    const options *o = a->opt;
    fputs("glossa: ", stderr);
    count_of(a->total.records, o->jsonl ? "record" : "line", o->jsonl ? "records" : "lines");
    fprintf(stderr, ", %.1f MB in %.2f s (%.1f MB/s)", (double)a->bytes / 1e6, seconds,
            (double)a->bytes / 1e6 / (seconds > 0 ? seconds : 1e-9));
    if (o->jsonl) {
        fprintf(stderr, ": %llu labelled, ", (unsigned long long)(a->total.records - a->total.errors));
        count_of(a->total.errors, "error", "errors");
        if (a->total.blank) {
            fputs(", ", stderr);
            count_of(a->total.blank, "blank line", "blank lines");
        }
    }
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

