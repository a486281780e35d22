/* Scoring: the features of a text are summed into a hidden vector (one
 * quantized row of the feature table per feature), the languages whose
 * scripts hold most of the text's letters become the candidates, and a
 * linear layer with a calibrated softmax ranks them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"

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
    int status = gl_spans_create(model, &d->spans);
    if (status != GLOSSA_OK) {
        free(d);
        *out = NULL;
        return status;
    }
    *out = d;
    return GLOSSA_OK;
}

void glossa_detector_free(glossa_detector *detector)
{
    if (detector)
        gl_spans_free(detector->spans);
    free(detector);
}

static inline void push_code_point(void *ctx, uint32_t cp, size_t nbytes)
{
    glossa_detector *d = ctx;
    (void)nbytes;
    size_t first = d->batch_len;
    d->batch_len += gl_featurizer_push(&d->fz, cp, d->batch + first);
    /* Fetch the rows now: by the time the batch is summed they are in the
     * cache. */
    for (size_t i = first; i < d->batch_len; i++)
        __builtin_prefetch(d->model->table + (size_t)d->batch[i] * d->model->dim);
    if (d->batch_len > GL_BATCH - GL_FEATURE_BURST) {
        gl_add_features(d, d->batch, d->batch_len);
        d->batch_len = 0;
    }
}

int glossa_stream_begin(glossa_detector *detector, const glossa_langset *only)
{
    if (!detector)
        return GLOSSA_E_INVALID_ARGUMENT;
    gl_begin_text(detector, only, GL_DOCUMENT);
    return GLOSSA_OK;
}

int glossa_stream_feed(glossa_detector *detector, const char *chunk, size_t len)
{
    if (!detector || (!chunk && len))
        return GLOSSA_E_INVALID_ARGUMENT;
    if (detector->mode != GL_DOCUMENT)
        return GLOSSA_E_STREAM_STATE;
    gl_utf8_feed(&detector->carry, (const unsigned char *)chunk, len, push_code_point, detector);
    return GLOSSA_OK;
}

void gl_candidate_logits(const glossa_model *m, const int64_t *total, uint64_t n_features, const int *candidates,
                         size_t n_candidates, float *logits)
{
    float hidden[GL_MAX_DIM];
    float per_feature = m->quant_step / (float)n_features;
    for (unsigned j = 0; j < m->dim; j++)
        hidden[j] = (float)total[j] * per_feature;
    /* Longer texts earn sharper probabilities (fitted on held-out data). */
    float sharpness = m->calib_a + m->calib_b * logf((float)n_features);
    if (sharpness < 0.01f)
        sharpness = 0.01f;
    /* Eight running sums, not one: independent lanes that the compiler
     * turns into SIMD without reordering any one sum. */
    enum { LANES = 8 };
    unsigned whole = m->dim - m->dim % LANES;
    for (size_t c = 0; c < n_candidates; c++) {
        int l = candidates[c];
        const float *w = m->out_weights + (size_t)l * m->dim;
        float lane[LANES] = {0};
        for (unsigned j = 0; j < whole; j += LANES)
            for (unsigned k = 0; k < LANES; k++)
                lane[k] += w[j + k] * hidden[j + k];
        float z = m->out_bias[l];
        for (unsigned j = whole; j < m->dim; j++)
            z += w[j] * hidden[j];
        for (unsigned k = 0; k < LANES; k++)
            z += lane[k];
        logits[c] = z * sharpness;
    }
}

float gl_log_sum_exp(const float *z, size_t n)
{
    float top = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (z[i] > top)
            top = z[i];
    float sum = 0.0f;
    for (size_t i = 0; i < n; i++)
        sum += expf(z[i] - top);
    return top + logf(sum);
}

/* z[i] = exp(z[i]) / sum(exp(z)), in place. */
static void softmax(float *z, size_t n)
{
    float top = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (z[i] > top)
            top = z[i];
    /* A logit 20 below the top weighs under 2e-9: not worth an exp. */
    float sum = 0.0f;
    for (size_t i = 0; i < n; i++) {
        z[i] = z[i] - top > -20.0f ? expf(z[i] - top) : 0.0f;
        sum += z[i];
    }
    for (size_t i = 0; i < n; i++)
        z[i] /= sum;
}

static void score(glossa_detector *d, size_t n_cand, glossa_guess *guesses, size_t k, size_t *written)
{
    gl_candidate_logits(d->model, d->total, d->n_features, d->candidates, n_cand, d->logits);
    softmax(d->logits, n_cand); /* logits become probabilities */
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
        guesses[r].probability = p;
    }
    *written = want;
}

int glossa_stream_end(glossa_detector *detector, glossa_guess *guesses, size_t k, glossa_result *result)
{
    if (!detector || !guesses || k == 0)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    if (d->mode != GL_DOCUMENT)
        return GLOSSA_E_STREAM_STATE;
    d->mode = GL_IDLE;
    gl_utf8_finish(&d->carry, push_code_point, d);
    d->batch_len += gl_featurizer_finish(&d->fz, d->batch + d->batch_len);
    gl_add_features(d, d->batch, d->batch_len);
    d->batch_len = 0;
    gl_flush_partial(d);

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
