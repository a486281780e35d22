/*
 * glossa_driver: glossa's side of `make bench`, over the public API only.
 *
 *   glossa_driver [--threads N] [--only LANGS] < lines
 *                                          one ISO 639-3 code per input line
 *                                          ("" for und), N threads sharing
 *                                          one model (default 1); with
 *                                          --only, answers among LANGS alone
 *                                          (comma-separated tags)
 *   glossa_driver --words N [--script S] < lines
 *                                          the first N words of each line, or
 *                                          an empty line when it has fewer;
 *                                          lines of script S (ISO 15924) cut
 *                                          as tools/eval.c cuts them
 *                                          (line_prefix: characters in a
 *                                          script written without spaces)
 *   glossa_driver --latency < lines        mean time of one glossa_detect()
 *                                          call over the lines, and the
 *                                          median time to load the model
 *   glossa_driver --languages              the model's languages, ISO 639-3
 *                                          and ISO 15924 ("nld_Latn")
 *   glossa_driver --set-aside              the evaluation files set aside
 *                                          (path in the corpus, tab, reason)
 *
 * Detection reports "BENCH load_ms=... detect_s=... detect_cpu_s=... lines=...
 * bytes=..." on standard error: the model load and the detection calls (wall
 * time, and CPU time of all threads), timed inside the process (reading the
 * input and writing the answers excluded).
 */
#include <glossa.h>

#include "common.h"
#include "peers/bench_input.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what, int rc)
{
    fprintf(stderr, "glossa_driver: %s: %s\n", what, rc ? glossa_strerror(rc) : "failed");
    exit(2);
}

typedef struct {
    const glossa_model *model;
    const glossa_langset *only;
    const bench_input *in;
    size_t begin, end;
    int *answer;
} slice;

static void free_input(bench_input *in)
{
    free(in->line);
    free(in->len);
    free(in->data);
}

static void *detect_slice(void *arg)
{
    slice *s = arg;
    glossa_detector *det;
    int rc = glossa_detector_create(s->model, &det);
    if (rc != GLOSSA_OK)
        die("glossa_detector_create", rc);
    for (size_t i = s->begin; i < s->end; i++) {
        glossa_guess g[1];
        glossa_detect(det, s->in->line[i], s->in->len[i], s->only, g, 1, NULL);
        s->answer[i] = g[0].language;
    }
    glossa_detector_free(det);
    return NULL;
}

/* The languages of a comma-separated list of tags (glossa_langset_add: "sr"
 * adds both scripts); the program ends on a tag the model does not know. */
static void parse_only(const glossa_model *model, const char *langs, glossa_langset *set)
{
    glossa_langset_clear(set);
    for (const char *p = langs; *p;) {
        size_t n = strcspn(p, ",");
        char tag[64];
        if (n == 0 || n >= sizeof tag)
            die("--only: an empty or overlong tag", 0);
        memcpy(tag, p, n);
        tag[n] = '\0';
        int rc = glossa_langset_add(set, model, tag);
        if (rc < 0) /* a count or GLOSSA_OK on success, depending on the version */
            die(tag, rc);
        p += n + (p[n] == ',');
    }
}

static int detect_lines(int threads, const char *only_langs)
{
    bench_input in;
    bench_read(&in);
    double t0 = now_seconds();
    glossa_model *model;
    int rc = glossa_model_load_default(&model);
    if (rc != GLOSSA_OK)
        die("glossa_model_load_default", rc);
    double t1 = now_seconds();
    glossa_langset only;
    if (only_langs)
        parse_only(model, only_langs, &only);
    int *answer = malloc((in.n ? in.n : 1) * sizeof *answer);
    slice *s = malloc((size_t)threads * sizeof *s);
    pthread_t *tid = malloc((size_t)threads * sizeof *tid);
    if (!answer || !s || !tid)
        die("out of memory", 0);
    double t2 = now_seconds(), cpu2 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (int t = 0; t < threads; t++) {
        s[t] = (slice){model, only_langs ? &only : NULL, &in, in.n * (size_t)t / (size_t)threads,
                       in.n * (size_t)(t + 1) / (size_t)threads, answer};
        if (pthread_create(&tid[t], NULL, detect_slice, &s[t]) != 0)
            die("pthread_create", 0);
    }
    for (int t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    double t3 = now_seconds(), cpu3 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (size_t i = 0; i < in.n; i++) {
        const glossa_language *l = glossa_model_language(model, answer[i]);
        printf("%s\n", answer[i] == GLOSSA_UND ? "" : l->iso639_3);
    }
    fprintf(stderr, "BENCH load_ms=%.4f detect_s=%.6f detect_cpu_s=%.6f lines=%zu bytes=%zu\n",
            (t1 - t0) * 1e3, t3 - t2, cpu3 - cpu2, in.n, in.size);
    glossa_model_free(model);
    free(tid);
    free(s);
    free(answer);
    free_input(&in);
    return 0;
}

static int print_words(int want, const char *script)
{
    int spaceless = script && script_without_spaces(script);
    bench_input in;
    bench_read(&in);
    glossa_model *model;
    glossa_detector *det;
    int rc = glossa_model_load_default(&model);
    if (rc == GLOSSA_OK)
        rc = glossa_detector_create(model, &det);
    if (rc != GLOSSA_OK)
        die("loading the model", rc);
    for (size_t i = 0; i < in.n; i++) {
        size_t b, e;
        if (line_prefix(det, in.line[i], in.len[i], want, spaceless, &b, &e))
            printf("%.*s\n", (int)(e - b), in.line[i] + b);
        else
            putchar('\n');
    }
    glossa_detector_free(det);
    glossa_model_free(model);
    free_input(&in);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean time of one call over the (short) input lines, repeated for at least
 * half a second; median of 21 model loads. */
static int latency(void)
{
    bench_input in;
    bench_read(&in);
    if (in.n == 0)
        die("--latency needs input lines", 0);
    enum { LOADS = 21 };
    double load[LOADS];
    glossa_model *model = NULL;
    for (int i = 0; i < LOADS; i++) {
        glossa_model_free(model);
        double t0 = now_seconds();
        int rc = glossa_model_load_default(&model);
        load[i] = now_seconds() - t0;
        if (rc != GLOSSA_OK)
            die("glossa_model_load_default", rc);
    }
    qsort(load, LOADS, sizeof load[0], cmp_double);
    glossa_detector *det;
    int rc = glossa_detector_create(model, &det);
    if (rc != GLOSSA_OK)
        die("glossa_detector_create", rc);
    size_t calls = 0, bytes = 0;
    long checksum = 0;
    double t0 = now_seconds(), t1;
    do {
        for (size_t i = 0; i < in.n; i++) {
            glossa_guess g[1];
            glossa_detect(det, in.line[i], in.len[i], NULL, g, 1, NULL);
            checksum += g[0].language;
            bytes += in.len[i];
        }
        calls += in.n;
        t1 = now_seconds();
    } while (t1 - t0 < 0.5);
    printf("latency_ns=%.1f mean_bytes=%.1f load_ms=%.4f checksum=%ld\n",
           (t1 - t0) * 1e9 / (double)calls, (double)bytes / (double)calls, load[LOADS / 2] * 1e3,
           checksum);
    glossa_detector_free(det);
    glossa_model_free(model);
    free_input(&in);
    return 0;
}

static int languages(void)
{
    glossa_model *model;
    int rc = glossa_model_load_default(&model);
    if (rc != GLOSSA_OK)
        die("glossa_model_load_default", rc);
    for (int i = 0; i < glossa_model_language_count(model); i++)
        printf("%s\n", glossa_model_language(model, i)->iso);
    glossa_model_free(model);
    return 0;
}

static int set_aside(void)
{
    const char *file, *why;
    for (size_t i = 0; (file = corpus_set_aside(i, &why)) != NULL; i++)
        printf("%s\t%s\n", file, why);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--latency") == 0)
        return latency();
    if (argc == 2 && strcmp(argv[1], "--languages") == 0)
        return languages();
    if (argc == 2 && strcmp(argv[1], "--set-aside") == 0)
        return set_aside();
    int threads = 1, words = 0;
    const char *only = NULL, *script = NULL;
    int i = 1;
    for (; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--threads") == 0 && atoi(argv[i + 1]) >= 1)
            threads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
        else if (strcmp(argv[i], "--words") == 0 && atoi(argv[i + 1]) >= 1)
            words = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--script") == 0)
            script = argv[i + 1];
        else
            break;
    }
    /* --words and --script go together, apart from detection's options. */
    if (i == argc && (words ? threads == 1 && !only : !script))
        return words ? print_words(words, script) : detect_lines(threads, only);
    fprintf(stderr, "usage: glossa_driver [--threads N] [--only LANGS] | --words N [--script S] | --latency | "
                    "--languages | --set-aside\n");
    return 1;
}
