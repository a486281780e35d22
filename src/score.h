/* Scoring: from the features of a text to its languages' probabilities,
 * the arithmetic that whole documents and spans share (score.c). */
#ifndef GLOSSA_SCORE_H
#define GLOSSA_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

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

/* log(sum(exp(z[i]))), computed without overflow. */
float gl_log_sum_exp(const float *z, size_t n);

/* The softmax of the n logits in weight (overwritten), and the k most
 * probable of the languages cand: see score.c. Returns how many it wrote. */
size_t gl_most_probable(float *weight, const int *cand, size_t n, glossa_guess *guesses, size_t k);

#endif
