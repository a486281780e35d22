/* What the CLI's files share: its options, the state of a run and of each
 * thread, and the functions each file offers the others. */
#ifndef GLOSSA_CLI_H
#define GLOSSA_CLI_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include <glossa.h>

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

enum format { TEXT, TSV, JSON, TAG };

typedef struct options {
    int lines, jsonl, k, k_given, format_given, header, utf8_replace, iso_tags, list_languages, show_version, spans, summary, quiet, prior, show_reliable;
    float min_prob;
    unsigned threads;
    enum format format;
    const char *only, *model_path, *field, *lang_field, *prob_field, *rejects, *output;
    const char *except; /* --except LANGS */
    char top_field[256], spans_field[256], field_head[256];
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
    strbuf valid;     /* a JSON record with ill-formed UTF-8 replaced (--utf8 replace) */
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


/* main.c: the signal (SIGINT, SIGTERM) that asked the run to stop, 0 while
 * none has. The run then ends after the last complete record. */
extern volatile sig_atomic_t stop_signal;

/* output.c */
void write_out(FILE *f, strbuf *b);
void flush_stdout(void);
const char *tag(const app *a, int lang);
void count_language(worker *w, int lang);
void print_result(worker *w, const glossa_guess *g, const glossa_result *r);
void print_span(void *user, const glossa_span *span);
size_t summary_languages(const options *o);
void print_summary(worker *w, const glossa_summary *s);
void progress(app *a, int force_end);
void closing_summary(app *a, double seconds);

/* documents.c */
int spans_mode(const options *o);
void document_begin(worker *w);
void document_feed(worker *w, const char *p, size_t n);
void document_end(worker *w);
/* What read_chunks gives each chunk of a file to. */
typedef void (*chunk_fn)(void *ctx, const char *p, size_t n);
int read_chunks(app *a, input *in, const char *name, chunk_fn fn, void *ctx);
int process_document(app *a, worker *w, input *in, const char *name);

/* records.c */
/* Blocks submitted and waiting to be written, in input order. */
typedef struct pipeline {
    pool *pool;
    block *blocks;
    size_t cap, head, count;
} pipeline;
void process_block(void *context, pool_job *job);
void merge_stats(app *a, stats *st);
int process_records(app *a, pipeline *pl, worker *main_w, input *in, const char *name);

#endif
