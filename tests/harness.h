/* A minimal unit-test harness: CHECK records a failure and goes on;
 * TEST_MAIN_END prints the closing "N passed, N failed" line that CI reads
 * and exits non-zero on any failure. */
#ifndef GLOSSA_TEST_HARNESS_H
#define GLOSSA_TEST_HARNESS_H

#include <stdio.h>

static int harness_passed, harness_failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            harness_passed++;                                                    \
        } else {                                                                 \
            harness_failed++;                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define CHECK_MSG(cond, ...)                                                     \
    do {                                                                         \
        if (cond) {                                                              \
            harness_passed++;                                                    \
        } else {                                                                 \
            harness_failed++;                                                    \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
        }                                                                        \
    } while (0)

#define TEST_MAIN_END(name)                                                      \
    do {                                                                         \
        printf("%s: %d passed, %d failed\n", name, harness_passed, harness_failed); \
        return harness_failed ? 1 : 0;                                           \
    } while (0)

#endif
