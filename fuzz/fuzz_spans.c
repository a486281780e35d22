/* libFuzzer: spans of arbitrary bytes. They must tile the input, start on
 * character boundaries, and come out the same when the input is streamed
 * in pieces split where the input says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

#include "utf8.h"

#define MAX_SPANS 4096

static glossa_model *model;
static glossa_detector *det;
static glossa_span whole[MAX_SPANS], streamed[MAX_SPANS];
static size_t n_streamed;

static void collect(void *user, const glossa_span *span)
{
    (void)user;
    if (n_streamed < MAX_SPANS)
        streamed[n_streamed] = *span;
    n_streamed++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model && (glossa_model_load_default(&model) != GLOSSA_OK ||
                   glossa_detector_create(model, &det) != GLOSSA_OK))
        abort();
    size_t n;
    glossa_summary summary;
    if (glossa_spans(det, (const char *)data, size, NULL, whole, MAX_SPANS, &n, &summary) != GLOSSA_OK)
        return 0; /* more spans than the array holds: not a failure */
    if (size == 0 ? n != 0 : n == 0 || whole[0].start != 0 || whole[n - 1].end != size)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (whole[i].start >= whole[i].end || (i && whole[i].start != whole[i - 1].end) ||
            gl_utf8_boundary_before(data, size, whole[i].start) != whole[i].start ||
            !(whole[i].probability >= 0.0f && whole[i].probability <= 1.0f) ||
            strlen(whole[i].excerpt) >= GLOSSA_EXCERPT_SIZE)
            abort();
    }
    if (summary.spans != n)
        abort();

    n_streamed = 0;
    glossa_spans_begin(det, NULL, collect, NULL);
    size_t step = size ? 1 + data[0] % 7 : 1;
    for (size_t at = 0; at < size; at += step)
        glossa_spans_feed(det, (const char *)data + at, size - at < step ? size - at : step);
    glossa_spans_end(det, NULL);
    if (n_streamed != n || memcmp(whole, streamed, n * sizeof *whole) != 0)
        abort();
    return 0;
}
