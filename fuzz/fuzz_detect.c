/* libFuzzer: detection on arbitrary bytes, whole and streamed in pieces
 * split where the input says; both must give the same answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glossa.h>

static glossa_model *model;
static glossa_detector *det;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model && (glossa_model_load_default(&model) != GLOSSA_OK ||
                   glossa_detector_create(model, &det) != GLOSSA_OK))
        abort();
    glossa_guess whole[5], pieces[5];
    glossa_result rw, rp;
    glossa_detect(det, (const char *)data, size, NULL, whole, 5, &rw);

    glossa_stream_begin(det, NULL);
    size_t step = size ? 1 + data[0] % 7 : 1;
    for (size_t at = 0; at < size; at += step)
        glossa_stream_feed(det, (const char *)data + at, size - at < step ? size - at : step);
    glossa_stream_end(det, pieces, 5, &rp);
    if (rw.count != rp.count || memcmp(whole, pieces, rw.count * sizeof *whole) != 0)
        abort();
    for (size_t i = 0; i < rw.count; i++)
        if (!(whole[i].probability >= 0.0f && whole[i].probability <= 1.0f))
            abort();
    return 0;
}
