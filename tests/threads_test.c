/* Threads: one glossa_model shared by 8 threads, each with its own
 * glossa_detector, give the same answers as one thread alone. Built with
 * -fsanitize=thread against a ThreadSanitizer build of the library
 * (build/tsan/), so that a data race fails the test even when the answers
 * happen to agree.
 *
 * The texts are a fixed slice of the dev corpus: the first LINES lines of
 * every file, each line detected (top 3) on its own, and each line followed
 * by the same line of the next file (another language) cut into spans.
 * The texts are cut into blocks of BLOCK; every block is done by two of
 * the threads (t and t + THREADS/2), each starting at a different place,
 * so that the threads are in different parts of the model at the same
 * time (and the test takes seconds, not minutes, under ThreadSanitizer).
 *
 * Usage: threads_test DEV_DIR */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "common.h"
#include "harness.h"

#define THREADS 8
#define LINES 30
#define TOP 3
#define MAX_SPANS 16
#define BLOCK 64

/* ThreadSanitizer calls this for every report it prints: the reports are
 * counted as failures (it also makes the process exit with status 66). */
static int tsan_reports;
void __tsan_on_report(const void *report);
void __tsan_on_report(const void *report)
{
    (void)report;
    __atomic_fetch_add(&tsan_reports, 1, __ATOMIC_SEQ_CST);
}

typedef struct {
    char *text;
    size_t len;
} text;

typedef struct {
    int status;
    glossa_guess top[TOP];
    glossa_result result;
} detect_answer;

typedef struct {
    int status;
    size_t count;
    glossa_span spans[MAX_SPANS];
    glossa_summary summary;
} spans_answer;

static const glossa_model *model;
static text *lines, *docs; /* lines to detect, two-language documents to cut into spans */
static size_t n_lines;
static detect_answer *expected_detect;
static spans_answer *expected_spans;

/* The first LINES lines of path (without their newline) appended to lines. */
static size_t capacity;
static int read_slice(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = NULL;
    size_t size = 0, len;
    for (int i = 0; i < LINES && next_line(f, &buf, &size, &len); i++) {
        if (n_lines == capacity) {
            capacity = capacity ? 2 * capacity : 4096;
            lines = xrealloc(lines, capacity * sizeof *lines);
        }
        lines[n_lines].text = xrealloc(NULL, len + 1);
        memcpy(lines[n_lines].text, buf, len + 1);
        lines[n_lines].len = len;
        n_lines++;
    }
    free(buf);
    fclose(f);
    return 0;
}

/* Reads the slice of every DEV_DIR/<code>.txt, in the order of the names;
 * the number of files read, or -1. */
static int read_dev(const char *dir)
{
    size_t n;
    char **names = sorted_names(dir, ".txt", &n);
    if (!names)
        return -1;
    int files = 0;
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (read_slice(path) == 0)
            files++;
        free(names[i]);
    }
    free(names);
    return files;
}

/* Document i: line i, a newline, and the line LINES further on (the same
 * line of the next file, mostly another language). */
static void make_docs(void)
{
    docs = calloc(n_lines, sizeof *docs);
    if (!docs)
        abort();
    for (size_t i = 0; i < n_lines; i++) {
        const text *a = &lines[i], *b = &lines[(i + LINES) % n_lines];
        docs[i].len = a->len + 1 + b->len;
        docs[i].text = malloc(docs[i].len + 1);
        if (!docs[i].text)
            abort();
        memcpy(docs[i].text, a->text, a->len);
        docs[i].text[a->len] = '\n';
        memcpy(docs[i].text + a->len + 1, b->text, b->len + 1);
    }
}

static void detect_one(glossa_detector *det, size_t i, detect_answer *out)
{
    memset(out, 0, sizeof *out);
    out->status = glossa_detect(det, lines[i].text, lines[i].len, NULL, out->top, TOP, &out->result);
}

static void spans_one(glossa_detector *det, size_t i, spans_answer *out)
{
    memset(out, 0, sizeof *out);
    out->status = glossa_spans(det, docs[i].text, docs[i].len, NULL, out->spans, MAX_SPANS, &out->count,
                               &out->summary);
}

static int same_detect(const detect_answer *a, const detect_answer *b)
{
    if (a->status != b->status || a->result.count != b->result.count ||
        a->result.reliable != b->result.reliable || a->result.letters != b->result.letters)
        return 0;
    for (size_t j = 0; j < a->result.count && j < TOP; j++)
        if (a->top[j].language != b->top[j].language || a->top[j].probability != b->top[j].probability)
            return 0;
    return 1;
}

static int same_spans(const spans_answer *a, const spans_answer *b)
{
    if (a->status != b->status || a->count != b->count)
        return 0;
    for (size_t j = 0; j < a->count && j < MAX_SPANS; j++) {
        const glossa_span *s = &a->spans[j], *t = &b->spans[j];
        if (s->start != t->start || s->end != t->end || s->language != t->language ||
            s->probability != t->probability || s->letters != t->letters || strcmp(s->excerpt, t->excerpt) != 0)
            return 0;
    }
    const glossa_summary *x = &a->summary, *y = &b->summary;
    if (x->count != y->count || x->spans != y->spans || x->letters != y->letters || x->mixed != y->mixed)
        return 0;
    for (size_t j = 0; j < x->count && j < GLOSSA_SUMMARY_MAX; j++)
        if (x->top[j].language != y->top[j].language || x->top[j].share != y->top[j].share ||
            x->top[j].letters != y->top[j].letters)
            return 0;
    return 1;
}

typedef struct {
    int index;
    int create_status;
    size_t done, detect_mismatches, spans_mismatches;
    size_t first_mismatch; /* a text that differed, for the message */
} worker;

static void *run_worker(void *arg)
{
    worker *w = arg;
    glossa_detector *det;
    w->create_status = glossa_detector_create(model, &det);
    if (w->create_status != GLOSSA_OK)
        return NULL;
    w->first_mismatch = (size_t)-1;
    size_t start = n_lines / THREADS * (size_t)w->index;
    for (size_t k = 0; k < n_lines; k++) {
        size_t i = (start + k) % n_lines;
        if (i / BLOCK % (THREADS / 2) != (size_t)w->index % (THREADS / 2))
            continue;
        detect_answer d;
        spans_answer s;
        detect_one(det, i, &d);
        if (!same_detect(&d, &expected_detect[i])) {
            w->detect_mismatches++;
            if (w->first_mismatch == (size_t)-1)
                w->first_mismatch = i;
        }
        spans_one(det, i, &s);
        if (!same_spans(&s, &expected_spans[i])) {
            w->spans_mismatches++;
            if (w->first_mismatch == (size_t)-1)
                w->first_mismatch = i;
        }
        w->done++;
    }
    glossa_detector_free(det);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DEV_DIR\n", argv[0]);
        return 2;
    }
#if defined(__SANITIZE_THREAD__)
    CHECK(1);
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
    CHECK(1);
#else
    CHECK_MSG(0, "not built with -fsanitize=thread");
#endif
#else
    CHECK_MSG(0, "not built with -fsanitize=thread");
#endif

    int files = read_dev(argv[1]);
    CHECK_MSG(files > 100, "%d dev files read from %s", files, argv[1]);
    if (files <= 100)
        TEST_MAIN_END("threads");
    make_docs();

    glossa_model *m;
    CHECK(glossa_model_load_default(&m) == GLOSSA_OK);
    model = m;

    /* The answers of one thread alone. */
    expected_detect = calloc(n_lines, sizeof *expected_detect);
    expected_spans = calloc(n_lines, sizeof *expected_spans);
    glossa_detector *det;
    if (!expected_detect || !expected_spans || glossa_detector_create(model, &det) != GLOSSA_OK)
        abort();
    size_t labelled = 0, mixed = 0, failed = 0;
    for (size_t i = 0; i < n_lines; i++) {
        detect_one(det, i, &expected_detect[i]);
        spans_one(det, i, &expected_spans[i]);
        failed += expected_detect[i].status != GLOSSA_OK || expected_spans[i].status != GLOSSA_OK;
        labelled += expected_detect[i].top[0].language != GLOSSA_UND;
        mixed += expected_spans[i].count >= 2;
    }
    glossa_detector_free(det);
    /* The answers are answers: not all undetermined, spans found. */
    CHECK_MSG(failed == 0, "%zu texts failed single-threaded", failed);
    CHECK_MSG(labelled > n_lines * 9 / 10, "%zu of %zu lines labelled", labelled, n_lines);
    CHECK_MSG(mixed > n_lines / 4, "%zu of %zu two-language documents have two spans or more", mixed, n_lines);

    /* The same from THREADS threads at once. */
    worker workers[THREADS];
    pthread_t ids[THREADS];
    size_t done = 0;
    for (int t = 0; t < THREADS; t++) {
        memset(&workers[t], 0, sizeof workers[t]);
        workers[t].index = t;
        CHECK(pthread_create(&ids[t], NULL, run_worker, &workers[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(ids[t], NULL) == 0);
        const worker *w = &workers[t];
        CHECK_MSG(w->create_status == GLOSSA_OK, "thread %d: glossa_detector_create: %s", t,
                  glossa_strerror(w->create_status));
        done += w->done;
        CHECK_MSG(w->detect_mismatches == 0, "thread %d: %zu of %zu glossa_detect answers differ (first: \"%s\")",
                  t, w->detect_mismatches, w->done, lines[w->first_mismatch].text);
        CHECK_MSG(w->spans_mismatches == 0, "thread %d: %zu of %zu glossa_spans answers differ (first: \"%s\")", t,
                  w->spans_mismatches, w->done, docs[w->first_mismatch].text);
    }
    CHECK_MSG(done == 2 * n_lines, "the threads did %zu texts, not twice %zu", done, n_lines);
    int reports = __atomic_load_n(&tsan_reports, __ATOMIC_SEQ_CST);
    CHECK_MSG(reports == 0, "ThreadSanitizer reported %d data races or other errors", reports);
    printf("threads: %zu lines and %zu documents from %d dev files, %d threads, one model\n", n_lines, n_lines,
           files, THREADS);

    glossa_model_free(m);
    for (size_t i = 0; i < n_lines; i++) {
        free(lines[i].text);
        free(docs[i].text);
    }
    free(lines);
    free(docs);
    free(expected_detect);
    free(expected_spans);
    TEST_MAIN_END("threads");
}
