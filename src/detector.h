/* The detector: one thread's scratch space and the state of a streamed
 * document, shared by whole documents (detect.c) and the span finder
 * (spans.c); made and set by detector.c. */
#ifndef GLOSSA_DETECTOR_H
#define GLOSSA_DETECTOR_H

#include "model.h"
#include "score.h"
#include "utf8.h"

#include <string.h>

typedef struct gl_spans gl_spans;

#define GL_BATCH 2048
#define GL_DOC_BLOCKS 64
/* A document's first features, kept for its close group's refiner
 * (model.h): a paragraph's worth, more than enough to tell close languages
 * apart. */
#define GL_KEPT_FEATURES 4096

enum gl_stream_mode { GL_IDLE, GL_DOCUMENT, GL_SPANS };

struct glossa_detector {
    const glossa_model *model;
    gl_featurizer fz;
    /* The sum of the feature rows of the text so far: partial sums in
     * int16 for speed (SIMD lanes twice as many as int32), moved to the
     * 64-bit totals before they can overflow. */
    int16_t partial[GL_MAX_DIM];
    int64_t total[GL_MAX_DIM];
    uint32_t pending;
    uint64_t n_features;
    /* Features waiting to be summed: whole documents sum them in batches
     * of GL_BATCH, a long sentence's worth, so that a sentence's rows,
     * fetched as its features are made (gl_featurizer_rows), are summed at
     * its end, once they have arrived (ood lines 7 % faster than with
     * batches of 256; the same sums, GL_FLUSH_EVERY at a time). */
    uint32_t batch[GL_BATCH];
    size_t batch_len;
    gl_utf8_carry carry;
    enum gl_stream_mode mode;
    int restricted;
    glossa_langset only;
    /* What the prior adds to each language's logit (strength x ln of its
     * share of writers), by output slot (model.h): 0 with the flat prior
     * and in unused lanes. */
    float *prior_slot;
    float prior_strength; /* 0 for the flat prior */
    float min_probability; /* guesses below it are left out */
    uint64_t group_weight[GLOSSA_MAX_LANGUAGES];
    /* Room for whole blocks of the output layer: a group's last block may
     * have unused lanes. */
    float logits[GLOSSA_MAX_LANGUAGES + GL_OUT_BLOCK];
    int candidates[GLOSSA_MAX_LANGUAGES];
    gl_spans *spans; /* the span finder's state (spans.c) */
    /* A document's sum in blocks of the features of each flush (about
     * GL_FLUSH_EVERY, a line or a sentence; neighbours merged when there
     * are more), to tell a document of one language from a mixed one. */
    int64_t block_sum[GL_DOC_BLOCKS][GL_MAX_DIM];
    uint32_t block_features[GL_DOC_BLOCKS];
    unsigned n_blocks;
    uint32_t kept[GL_KEPT_FEATURES];
    size_t n_kept;
};

/* 256 features of at most 128 in magnitude each cannot overflow the int16
 * partial sums. */
#define GL_FLUSH_EVERY 256u

/* Two neighbouring blocks of the document as one, when all are taken
 * (detect.c). */
void gl_merge_blocks(glossa_detector *d);

static inline void gl_flush_partial(glossa_detector *d)
{
    int block = d->mode == GL_DOCUMENT && d->pending > 0;
    if (block && d->n_blocks == GL_DOC_BLOCKS)
        gl_merge_blocks(d);
    unsigned dim = d->model->dim;
    if (block) {
        for (unsigned j = 0; j < dim; j++)
            d->block_sum[d->n_blocks][j] = d->partial[j];
        d->block_features[d->n_blocks++] = d->pending;
    }
    for (unsigned j = 0; j < dim; j++) {
        d->total[j] += d->partial[j];
        d->partial[j] = 0;
    }
    d->pending = 0;
}


/* Adds the rows of count features (count <= GL_FLUSH_EVERY) to the text's
 * sum. */
static inline void gl_add_features(glossa_detector *d, const uint32_t *buckets, size_t count)
{
    if (d->pending + count > GL_FLUSH_EVERY)
        gl_flush_partial(d);
    if (d->mode == GL_DOCUMENT && d->n_kept + count <= GL_KEPT_FEATURES && d->model->n_refiners) {
        memcpy(d->kept + d->n_kept, buckets, count * sizeof *buckets);
        d->n_kept += count;
    }
    gl_sum_rows(d->partial, d->model->table, buckets, count, d->model->dim);
    d->n_features += count;
    d->pending += (uint32_t)count;
}

/* Clears the text's sum. */
static inline void gl_clear_sum(glossa_detector *d)
{
    memset(d->partial, 0, sizeof d->partial);
    memset(d->total, 0, sizeof d->total);
    d->pending = 0;
    d->n_features = 0;
    d->n_blocks = 0;
    d->n_kept = 0;
}

/* Starts a new text in a mode: everything read before is forgotten. */
static inline void gl_begin_text(glossa_detector *d, const glossa_langset *only, enum gl_stream_mode mode)
{
    gl_featurizer_reset(&d->fz);
    gl_clear_sum(d);
    d->batch_len = 0;
    d->carry.len = 0;
    d->restricted = only != NULL;
    if (only)
        d->only = *only;
    d->mode = mode;
}


/* The span finder's state, made with the detector (spans.c). */
int gl_spans_create(const glossa_model *model, gl_spans **out);
void gl_spans_free(gl_spans *spans);

#endif
