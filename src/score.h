/* Scoring: from the features of a text to its languages' probabilities,
 * the arithmetic that whole documents and spans share (score.c). */
#ifndef GLOSSA_SCORE_H
#define GLOSSA_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The hidden vector is the mean of the text's rows, the quantized sums
 * times this (the model's quantization step over the features). */
static inline float gl_hidden_scale(float quant_step, uint64_t n_features)
{
    return quant_step / (float)n_features;
}

/* The softmax's sharpness for a text of e^log_features features: longer
 * texts earn sharper probabilities, a + b ln(features) (fitted by the
 * trainer on held-out text), never below GL_MIN_SHARPNESS. */
#define GL_MIN_SHARPNESS 0.01f
static inline float gl_sharpness(float calib_a, float calib_b, float log_features)
{
    float s = calib_a + calib_b * log_features;
    return s < GL_MIN_SHARPNESS ? GL_MIN_SHARPNESS : s;
}

/* Adds the rows of count features to partial. */
void gl_sum_rows(int16_t *partial, const int8_t *table, const uint32_t *buckets, size_t count, unsigned dim);

/* Calibrated logits of the candidate languages (ascending, or one script
 * group's list) for a text whose feature rows sum to total (n_features
 * features, n_features > 0): the output layer on the mean row, sharpened
 * by the text's length, plus the prior (prior_slot: what it adds, by output
 * slot). logits has room for whole blocks of the output layer
 * (n_candidates + GL_OUT_BLOCK). */
void gl_candidate_logits(const glossa_model *m, const float *prior_slot, const int64_t *total, uint64_t n_features,
                         const int *candidates, size_t n_candidates, float *logits);

/* Calibrated logits of a close group's members (r->n_members of them, no
 * prior) from the buckets of n > 0 features: the refiner's layer on their
 * mean, sharpened by their number as the output layer's are. */
void gl_refiner_logits(const gl_refiner *r, unsigned refiner_bits, const uint32_t *buckets, size_t n, float *logits);

/* Close group g's refiner (model.h) divides the probability that logits
 * (calibrated, of the candidates cand, ascending) give the group among the
 * group's members that are candidates, from the buckets of n > 0 of the
 * text's features: the output layer decides the group, the refiner the
 * language within it, unless the output layer is sure (score.c). Returns
 * whether it changed the logits. */
int gl_refine(const glossa_model *m, const float *prior_slot, int g, const int *cand, size_t n_cand, float *logits,
              const uint32_t *buckets, size_t n);

/* The index of the largest of z[0 .. n), n > 0 (the first of equals). */
size_t gl_index_of_max(const float *z, size_t n);

/* log(sum(exp(z[i]))), computed without overflow. */
float gl_log_sum_exp(const float *z, size_t n);

/* The softmax of the n logits in weight (overwritten, except with k = 1,
 * which leaves them as they are) multiplied by inverse_temperature (the
 * model's), and the k most probable of the languages cand: see score.c.
 * Returns how many it wrote. */
size_t gl_most_probable(float *weight, const int *cand, size_t n, glossa_guess *guesses, size_t k,
                        float inverse_temperature);

/* The probability of z[at] in that softmax of z[0 .. n). */
float gl_probability(const float *z, size_t n, size_t at, float inverse_temperature);

#endif
