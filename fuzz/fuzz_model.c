/* libFuzzer: loading arbitrary bytes as a model. The input is laid over
 * the start of the real model and the checksum re-sealed, so the fuzzer
 * reaches the structural checks behind it; whatever loads must detect. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t model_size = gl_model_blob_size();
    unsigned char *bytes = malloc(model_size);
    memcpy(bytes, gl_model_blob, model_size);
    size_t over = size < 8192 ? size : 8192;
    memcpy(bytes, data, over);
    size_t len = model_size;
    if (size > 8192) /* longer inputs also choose a truncation */
        len = model_size - (data[8192] * 257u + data[size - 1]) % model_size;
    if (len >= GL_MODEL_CHECKSUM_FROM + 8)
        gl_put64(bytes + GL_HDR_CHECKSUM, gl_hash64(bytes + GL_MODEL_CHECKSUM_FROM, len - GL_MODEL_CHECKSUM_FROM));

    glossa_model *m = NULL;
    if (glossa_model_load_memory(bytes, len, &m) == GLOSSA_OK) {
        glossa_detector *d;
        glossa_guess g[3];
        if (glossa_detector_create(m, &d) == GLOSSA_OK) {
            glossa_detect(d, "Dit is een zin. Это предложение. これは文です。", 60, NULL, g, 3, NULL);
            glossa_detector_free(d);
        }
    }
    glossa_model_free(m);
    free(bytes);
    /* Raw bytes as a whole file too (header checks, no re-sealing). */
    if (glossa_model_load_memory(data, size, &m) == GLOSSA_OK)
        glossa_model_free(m);
    return 0;
}
