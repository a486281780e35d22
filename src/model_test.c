/* Model loading: a good model loads from memory and from a file; a
 * truncated, corrupted or foreign one is refused, never read out of
 * bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model.h"

static size_t blob_size(void) { return gl_model_blob_size(); }

static unsigned char *copy_blob(void)
{
    unsigned char *copy = malloc(blob_size());
    memcpy(copy, gl_model_blob, blob_size());
    return copy;
}

/* Re-seals a modified model so that only the structural checks can catch it. */
static void reseal(unsigned char *m, size_t size)
{
    gl_put64(m + GL_HDR_CHECKSUM, gl_hash64(m + GL_MODEL_CHECKSUM_FROM, size - GL_MODEL_CHECKSUM_FROM));
}

static int load_status(const unsigned char *data, size_t size)
{
    glossa_model *m = NULL;
    int status = glossa_model_load_memory(data, size, &m);
    if (status == GLOSSA_OK) {
        /* Whatever loads must also detect without fault. */
        glossa_detector *d;
        if (glossa_detector_create(m, &d) == GLOSSA_OK) {
            glossa_guess g[3];
            glossa_detect(d, "Dit is een zin. Это предложение. これは文です。", 60, NULL, g, 3, NULL);
            glossa_detector_free(d);
        }
    }
    glossa_model_free(m);
    return status;
}

/* A number written into the default model at a place, re-sealed. */
typedef struct {
    size_t at;
    uint64_t value;
    int wide; /* 64 bits, not 32 */
} model_lie;

static int status_with_lie(model_lie lie, size_t size)
{
    unsigned char *bad = copy_blob();
    if (lie.wide)
        gl_put64(bad + lie.at, lie.value);
    else
        gl_put32(bad + lie.at, (uint32_t)lie.value);
    reseal(bad, size);
    int status = load_status(bad, size);
    free(bad);
    return status;
}

/* The tag of the best answer for text, with the model in data, and its
 * probability in *probability (when not NULL). */
static const char *top_guess(const unsigned char *data, size_t size, const char *text, float *probability)
{
    static char tag[32];
    glossa_model *model;
    glossa_detector *d;
    snprintf(tag, sizeof tag, "error");
    if (glossa_model_load_memory(data, size, &model) != GLOSSA_OK)
        return tag;
    glossa_guess g;
    if (glossa_detector_create(model, &d) == GLOSSA_OK && glossa_detect(d, text, strlen(text), NULL, &g, 1, NULL) == GLOSSA_OK) {
        snprintf(tag, sizeof tag, "%s", glossa_model_language(model, g.language)->tag);
        if (probability)
            *probability = g.probability;
    }
    glossa_detector_free(d);
    glossa_model_free(model);
    return tag;
}

static const char *top_tag(const unsigned char *data, size_t size, const char *text)
{
    return top_guess(data, size, text, NULL);
}

/* The default model with its softmax temperature set to t, re-sealed. */
static unsigned char *with_temperature(size_t size, float t)
{
    unsigned char *copy = copy_blob();
    gl_putf32(copy + GL_HDR_TEMPERATURE, t);
    reseal(copy, size);
    return copy;
}

int main(void)
{
    size_t size = blob_size();
    unsigned char *m = copy_blob();

    CHECK(load_status(m, size) == GLOSSA_OK);
    glossa_model *def;
    CHECK(glossa_model_load_default(&def) == GLOSSA_OK);
    CHECK(strlen(glossa_model_corpus(def)) == 32);
    CHECK(glossa_model_language_count(def) >= 150);
    glossa_model_free(def);

    /* Truncations of every kind. */
    CHECK(load_status(m, 0) == GLOSSA_E_MODEL_FORMAT);
    CHECK(load_status(m, 7) == GLOSSA_E_MODEL_FORMAT);
    CHECK(load_status(m, GL_MODEL_HEADER_SIZE) == GLOSSA_E_MODEL_FORMAT);
    CHECK(load_status(m, size / 2) == GLOSSA_E_MODEL_FORMAT);
    CHECK(load_status(m, size - 1) == GLOSSA_E_MODEL_FORMAT);

    /* Foreign files and other versions. */
    memcpy(m, "NOTGLOSS", 8);
    CHECK(load_status(m, size) == GLOSSA_E_MODEL_FORMAT);
    memcpy(m, gl_model_blob, 8);
    gl_put32(m + GL_HDR_VERSION, GL_MODEL_FORMAT_VERSION + 1);
    CHECK(load_status(m, size) == GLOSSA_E_MODEL_VERSION);
    for (uint32_t old = 1; old < GL_MODEL_FORMAT_VERSION; old++) { /* they hashed features differently */
        gl_put32(m + GL_HDR_VERSION, old);
        CHECK(load_status(m, size) == GLOSSA_E_MODEL_VERSION);
    }
    gl_put32(m + GL_HDR_VERSION, GL_MODEL_FORMAT_VERSION);

    /* One flipped byte anywhere past the checksum is caught by it. */
    size_t places[] = {40, 200, size / 3, size - 1};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        m[places[i]] ^= 0x10;
        CHECK(load_status(m, size) == GLOSSA_E_MODEL_CHECKSUM);
        m[places[i]] ^= 0x10;
    }
    CHECK(load_status(m, size) == GLOSSA_OK);

    /* Inconsistent headers with a valid checksum: the structure checks. */
    model_lie lies[] = {
        {GL_HDR_BUCKET_BITS, 40, 0},    {GL_HDR_DIM, 0, 0},          {GL_HDR_DIM, 4096, 0},
        {GL_HDR_LANGUAGES, 0, 0},       {GL_HDR_LANGUAGES, 100000, 0}, {GL_HDR_MAX_NGRAM, 9, 0},
        {GL_HDR_TABLE_OFFSET, 64, 1},   {GL_HDR_TABLE_OFFSET, ~0ull, 1}, {GL_HDR_STRINGS_SIZE, ~0ull, 1},
        {GL_HDR_STRINGS_OFFSET, ~0ull - 4, 1}, {GL_HDR_OUT_OFFSET, ~0ull, 1},
    };
    for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
        int status = status_with_lie(lies[i], size);
        /* A table moved to 64 overlaps the header: loadable garbage, but safe. */
        CHECK_MSG(status == GLOSSA_E_MODEL_FORMAT || (lies[i].value == 64 && status == GLOSSA_OK),
                  "lie %zu gave %d", i, status);
    }

    /* The temperature divides the final logits: a higher one gives the
     * same answers, less sure; 0 (a model from before it) reads as 1; a
     * negative, huge or NaN one is refused. */
    static const char two_words[] = "Guten Morgen";
    unsigned char *soft = with_temperature(size, 2.0f), *sharp = with_temperature(size, 0.5f),
                  *unset = with_temperature(size, 0.0f), *one = with_temperature(size, 1.0f);
    float p_soft = 0, p_sharp = 0, p_unset = 0, p_one = 0;
    CHECK(strcmp(top_guess(soft, size, two_words, &p_soft), "de") == 0);
    CHECK(strcmp(top_guess(sharp, size, two_words, &p_sharp), "de") == 0);
    CHECK(strcmp(top_guess(unset, size, two_words, &p_unset), "de") == 0);
    CHECK(strcmp(top_guess(one, size, two_words, &p_one), "de") == 0);
    CHECK_MSG(p_soft < p_one && p_one < p_sharp && p_sharp < 1.0f && p_unset == p_one, "%g %g %g %g", p_soft, p_one,
              p_sharp, p_unset);
    free(soft);
    free(sharp);
    free(unset);
    free(one);
    model_lie temperature_lies[] = {
        {GL_HDR_TEMPERATURE, 0xBF800000u, 0}, /* -1 */
        {GL_HDR_TEMPERATURE, 0x447A0000u, 0}, /* 1000 */
        {GL_HDR_TEMPERATURE, 0x7FC00000u, 0}, /* NaN */
        {GL_HDR_TEMPERATURE, 0x3A83126Fu, 0}, /* 0.001, under GL_MIN_TEMPERATURE */
    };
    for (size_t i = 0; i < sizeof temperature_lies / sizeof temperature_lies[0]; i++)
        CHECK_MSG(status_with_lie(temperature_lies[i], size) == GLOSSA_E_MODEL_FORMAT, "temperature lie %zu loaded", i);

    /* The refiners: the default model has them, and each lie about them
     * is refused: a member that is no language, a language in two groups,
     * a group of one, a table past the end, a section past the end. */
    uint64_t refiners = gl_le64(m + GL_HDR_REFINERS_OFFSET);
    CHECK(refiners > 0 && gl_le32(m + refiners) > 0);
    unsigned char *first = m + refiners + 8; /* the first group's record */
    uint32_t first_member = gl_le32(first + GL_REF_LANGS);
    model_lie refiner_lies[] = {
        {refiners + 8 + GL_REF_LANGS, 100000, 0},
        {refiners + 8 + GL_REF_LANGS + 4, first_member, 0},
        {refiners + 8 + GL_REF_MEMBERS, 1, 0},
        {refiners + 8 + GL_REF_MEMBERS, GL_REFINER_MAX + 1, 0},
        {refiners + 8 + GL_REF_TABLE_OFFSET, size - 16, 1},
        {GL_HDR_REFINERS_OFFSET, size - 4, 1},
        {GL_HDR_REFINERS_SIZE, ~0ull, 1},
        {refiners + 4, 30, 0}, /* rows of more bits than the buckets have */
    };
    for (size_t i = 0; i < sizeof refiner_lies / sizeof refiner_lies[0]; i++)
        CHECK_MSG(status_with_lie(refiner_lies[i], size) == GLOSSA_E_MODEL_FORMAT, "refiner lie %zu loaded", i);
    /* A model without refiners (as older files are) loads, and answers;
     * without them its output layer takes Croatian (tjedan, tisuću) for
     * Serbian, which the refiner of hr/bs/sr tells apart. */
    unsigned char *plain = copy_blob();
    gl_put64(plain + GL_HDR_REFINERS_OFFSET, 0);
    gl_put64(plain + GL_HDR_REFINERS_SIZE, 0);
    gl_put64(plain + GL_HDR_FILE_SIZE, refiners);
    reseal(plain, refiners);
    CHECK(load_status(plain, refiners) == GLOSSA_OK);
    static const char croatian[] = "Tjedan dana kasnije, tisuću ljudi okupilo se na trgu.";
    CHECK(strcmp(top_tag(plain, refiners, croatian), "sr-Latn") == 0);
    CHECK(strcmp(top_tag(m, size, croatian), "hr") == 0);
    free(plain);

    /* Random damage, re-sealed: refused or loaded, never a fault (ASan). */
    uint64_t rng = 42;
    for (int round = 0; round < 200; round++) {
        unsigned char *bad = copy_blob();
        for (int k = 0; k < 4; k++) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            /* the header and the languages, or the refiners' records */
            size_t at = k % 2 ? (size_t)(rng >> 33) % (GL_MODEL_HEADER_SIZE + 4096)
                              : refiners + (size_t)(rng >> 33) % (8 + 64 * GL_REFINER_RECORD);
            bad[at] = (unsigned char)(rng >> 20);
        }
        reseal(bad, size);
        int status = load_status(bad, size);
        CHECK(status == GLOSSA_OK || status == GLOSSA_E_MODEL_FORMAT || status == GLOSSA_E_MODEL_VERSION);
        free(bad);
    }

    /* Files: a good one, a missing one, an empty one. */
    char path[] = "/tmp/glossa-model-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fwrite(gl_model_blob, 1, size, f);
    fclose(f);
    glossa_model *from_file = NULL;
    CHECK(glossa_model_load_file(path, &from_file) == GLOSSA_OK && from_file);
    glossa_model_free(from_file);
    f = fopen(path, "wb");
    fclose(f);
    CHECK(glossa_model_load_file(path, &from_file) == GLOSSA_E_MODEL_FORMAT && !from_file);
    remove(path);
    CHECK(glossa_model_load_file("/nonexistent/glossa.model", &from_file) == GLOSSA_E_IO);
    CHECK(glossa_model_load_file(NULL, &from_file) == GLOSSA_E_INVALID_ARGUMENT);

    /* Every failure leaves *out NULL, invalid arguments too. */
    glossa_model *stale = (glossa_model *)(void *)&stale;
    CHECK(glossa_model_load_file(NULL, &stale) == GLOSSA_E_INVALID_ARGUMENT && !stale);
    stale = (glossa_model *)(void *)&stale;
    CHECK(glossa_model_load_memory(NULL, 8, &stale) == GLOSSA_E_INVALID_ARGUMENT && !stale);
    glossa_detector *stale_det = (glossa_detector *)(void *)&stale_det;
    CHECK(glossa_detector_create(NULL, &stale_det) == GLOSSA_E_INVALID_ARGUMENT && !stale_det);

    free(m);
    TEST_MAIN_END("model");
}
