/* Scoring: the features of a text are summed into a hidden vector (one
 * quantized row of the feature table per feature), the languages whose
 * scripts hold most of the text's letters become the candidates, and a
 * linear layer with a calibrated softmax ranks them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "utf8.h"

/* Partial sums stay in int32 for speed; 2^20 features of at most 127 each
 * cannot overflow before they are moved to the 64-bit totals. */
#define FLUSH_EVERY (1u << 20)

struct glossa_detector {
    const glossa_model *model;
    gl_featurizer fz;
    int32_t partial[GL_MAX_DIM];
    int64_t total[GL_MAX_DIM];
    uint32_t pending;
    uint64_t n_features;
    unsigned char tail[4]; /* a UTF-8 sequence cut by the end of a chunk */
    size_t tail_len;
    int streaming;
    int restricted;
    glossa_langset only;
    uint64_t group_weight[GLOSSA_MAX_LANGUAGES];
    float logits[GLOSSA_MAX_LANGUAGES];
    int candidates[GLOSSA_MAX_LANGUAGES];
};

int glossa_detector_create(const glossa_model *model, glossa_detector **out)
{
    if (!model || !out)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = calloc(1, sizeof *d);
    if (!d) {
        *out = NULL;
        return GLOSSA_E_NO_MEMORY;
    }
    d->model = model;
    gl_featurizer_init(&d->fz, model->max_ngram, model->bucket_bits);
    *out = d;
    return GLOSSA_OK;
}

void glossa_detector_free(glossa_detector *detector)
{
    free(detector);
}

static void flush_partial(glossa_detector *d)
{
    for (unsigned j = 0; j < d->model->dim; j++) {
        d->total[j] += d->partial[j];
        d->partial[j] = 0;
    }
    d->pending = 0;
}

static inline void add_features(glossa_detector *d, const uint32_t *buckets, size_t count)
{
    const unsigned dim = d->model->dim;
    const int8_t *table = d->model->table;
    for (size_t i = 0; i < count; i++) {
        const int8_t *row = table + (size_t)buckets[i] * dim;
        for (unsigned j = 0; j < dim; j++)
            d->partial[j] += row[j];
    }
    d->n_features += count;
    d->pending += (uint32_t)count;
    if (d->pending >= FLUSH_EVERY)
        flush_partial(d);
}

static inline void push_code_point(glossa_detector *d, uint32_t cp)
{
    uint32_t buckets[GL_FEATURE_BURST];
    size_t count = gl_featurizer_push(&d->fz, cp, buckets);
    if (count)
        add_features(d, buckets, count);
}

int glossa_stream_begin(glossa_detector *detector, const glossa_langset *only)
{
    if (!detector)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    gl_featurizer_reset(&d->fz);
    memset(d->partial, 0, sizeof d->partial);
    memset(d->total, 0, sizeof d->total);
    d->pending = 0;
    d->n_features = 0;
    d->tail_len = 0;
    d->restricted = only != NULL;
    if (only)
        d->only = *only;
    d->streaming = 1;
    return GLOSSA_OK;
}

/* Completes the sequence held in tail with the first bytes of the chunk;
 * returns the chunk bytes it used. */
static size_t complete_tail(glossa_detector *d, const unsigned char *s, size_t len)
{
    unsigned char joined[8];
    size_t take = len < 4 - d->tail_len ? len : 4 - d->tail_len;
    memcpy(joined, d->tail, d->tail_len);
    memcpy(joined + d->tail_len, s, take);
    size_t n = d->tail_len + take;
    if (gl_utf8_incomplete_tail(joined, n) == n) { /* still cut short */
        memcpy(d->tail, joined, n);
        d->tail_len = n;
        return take;
    }
    uint32_t cp;
    size_t used = gl_utf8_next(joined, n, &cp);
    push_code_point(d, cp);
    /* The held bytes are a valid prefix, so decoding takes all of them. */
    size_t from_chunk = used > d->tail_len ? used - d->tail_len : 0;
    d->tail_len = 0;
    return from_chunk;
}

int glossa_stream_feed(glossa_detector *detector, const char *chunk, size_t len)
{
    if (!detector || (!chunk && len))
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    if (!d->streaming)
        return GLOSSA_E_STREAM_STATE;
    const unsigned char *s = (const unsigned char *)chunk;
    size_t i = 0;
    while (d->tail_len && i < len)
        i += complete_tail(d, s + i, len - i);
    if (i == len)
        return GLOSSA_OK;
    size_t keep = gl_utf8_incomplete_tail(s + i, len - i);
    size_t end = len - keep;
    while (i < end) {
        uint32_t cp = s[i];
        if (cp < 0x80)
            i++;
        else
            i += gl_utf8_next(s + i, end - i, &cp);
        push_code_point(d, cp);
    }
    memcpy(d->tail, s + end, keep);
    d->tail_len = keep;
    return GLOSSA_OK;
}

static void score(glossa_detector *d, size_t n_cand, glossa_guess *guesses, size_t k, size_t *written)
{
    const glossa_model *m = d->model;
    float hidden[GL_MAX_DIM];
    float per_feature = m->quant_step / (float)d->n_features;
    for (unsigned j = 0; j < m->dim; j++)
        hidden[j] = (float)d->total[j] * per_feature;
    /* Longer texts earn sharper probabilities (fitted on held-out data). */
    float sharpness = m->calib_a + m->calib_b * logf((float)d->n_features);
    if (sharpness < 0.01f)
        sharpness = 0.01f;

    float top = -INFINITY;
    for (size_t c = 0; c < n_cand; c++) {
        int l = d->candidates[c];
        const float *w = m->out_weights + (size_t)l * m->dim;
        float z = m->out_bias[l];
        for (unsigned j = 0; j < m->dim; j++)
            z += w[j] * hidden[j];
        z *= sharpness;
        d->logits[c] = z;
        if (z > top)
            top = z;
    }
    float sum = 0.0f;
    for (size_t c = 0; c < n_cand; c++) {
        d->logits[c] = expf(d->logits[c] - top);
        sum += d->logits[c];
    }
    size_t want = k < n_cand ? k : n_cand;
    for (size_t r = 0; r < want; r++) { /* k is small: select, don't sort */
        size_t best = r;
        for (size_t c = r + 1; c < n_cand; c++)
            if (d->logits[c] > d->logits[best] ||
                (d->logits[c] == d->logits[best] && d->candidates[c] < d->candidates[best]))
                best = c;
        float p = d->logits[best];
        int l = d->candidates[best];
        d->logits[best] = d->logits[r];
        d->candidates[best] = d->candidates[r];
        d->logits[r] = p;
        d->candidates[r] = l;
        guesses[r].language = l;
        guesses[r].probability = p / sum;
    }
    *written = want;
}

int glossa_stream_end(glossa_detector *detector, glossa_guess *guesses, size_t k, glossa_result *result)
{
    if (!detector || !guesses || k == 0)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    if (!d->streaming)
        return GLOSSA_E_STREAM_STATE;
    d->streaming = 0;
    /* Bytes still held were a sequence the input cut short: U+FFFD. */
    if (d->tail_len)
        push_code_point(d, GL_REPLACEMENT);
    d->tail_len = 0;
    uint32_t buckets[GL_FEATURE_BURST];
    add_features(d, buckets, gl_featurizer_finish(&d->fz, buckets));
    flush_partial(d);

    const glossa_model *m = d->model;
    size_t n_cand = d->n_features ? gl_choose_candidates(m->groups, m->n_groups, m->group_of_lang, m->n_langs,
                                                         d->fz.script_weight, d->restricted ? d->only.bits : NULL,
                                                         d->group_weight, d->candidates)
                                  : 0;
    size_t written = 1;
    if (n_cand == 0) {
        guesses[0] = (glossa_guess){GLOSSA_UND, 0.0f};
    } else {
        score(d, n_cand, guesses, k, &written);
    }
    if (result) {
        result->count = written;
        result->reliable = guesses[0].language != GLOSSA_UND && guesses[0].probability >= GLOSSA_RELIABLE;
        result->letters = (size_t)d->fz.letters;
    }
    return GLOSSA_OK;
}

int glossa_detect(glossa_detector *detector, const char *text, size_t len, const glossa_langset *only,
                  glossa_guess *guesses, size_t k, glossa_result *result)
{
    if (!detector || (!text && len) || !guesses || k == 0)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_stream_begin(detector, only);
    glossa_stream_feed(detector, text, len);
    return glossa_stream_end(detector, guesses, k, result);
}
