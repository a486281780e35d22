/*
 * Shared by the drivers of `make bench`, glossa's and the C and C++ peers':
 * standard input read whole and cut into lines, and (for the peers, built
 * without glossa's headers) a monotonic clock. Header-only, static inline.
 */
#ifndef BENCH_INPUT_H
#define BENCH_INPUT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char *data; /* the input; each line ends in '\0' where its '\n' was */
    size_t size;
    char **line;
    size_t *len;
    size_t n;
} bench_input;

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline void *bench_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        fputs("out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static inline void bench_read(bench_input *in)
{
    size_t cap = 1 << 20;
    in->data = (char *)bench_alloc(cap + 1);
    in->size = 0;
    size_t got;
    while ((got = fread(in->data + in->size, 1, cap - in->size, stdin)) > 0) {
        in->size += got;
        if (in->size == cap) {
            cap *= 2;
            char *grown = (char *)realloc(in->data, cap + 1);
            if (!grown) {
                fputs("out of memory\n", stderr);
                exit(2);
            }
            in->data = grown;
        }
    }
    in->data[in->size] = '\0';
    size_t lines = 0;
    for (size_t i = 0; i < in->size; i++)
        lines += in->data[i] == '\n';
    lines += in->size && in->data[in->size - 1] != '\n';
    in->line = (char **)bench_alloc(lines * sizeof *in->line);
    in->len = (size_t *)bench_alloc(lines * sizeof *in->len);
    in->n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= in->size; i++) {
        if (i == in->size ? i > start : in->data[i] == '\n') {
            in->data[i] = '\0';
            in->line[in->n] = in->data + start;
            in->len[in->n++] = i - start;
            start = i + 1;
        }
    }
}

static inline void bench_report(double load_s, double detect_s, const bench_input *in)
{
    fprintf(stderr, "BENCH load_ms=%.4f detect_s=%.6f lines=%zu bytes=%zu\n", load_s * 1e3,
            detect_s, in->n, in->size);
}

static inline void bench_free(bench_input *in)
{
    free(in->line);
    free(in->len);
    free(in->data);
}

#endif
