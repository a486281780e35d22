/* Scoring (score.h): the sum of a text's feature rows, the output layer
 * with its calibration and the prior, and the softmax. Whole documents
 * (detect.c) and spans (spans.c) both score through it. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "score.h"
#include "simd.h"

/* x86-64 sums rows with AVX2 intrinsics where the CPU has it (GCC and
 * clang; the choice is made at each call, by __builtin_cpu_supports). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GL_AVX2_ROWS
#include <immintrin.h>
#endif

/* Sums and maxima run over eight lanes, which the compiler keeps in SIMD
 * registers (one running float would have to be summed in order). */
enum { LANES = 8 };

/* How many rows ahead the portable code asks for a row while summing. The
 * featurizer has asked for each already (gl_featurizer_rows), but without
 * this GCC unrolls the loop into code 3 times slower (glossa_driver on
 * ood200 with the AVX2 row sums turned off: 0.150 s against 0.050). */
#define GL_PREFETCH_AHEAD 16

/* Sums count rows into partial. Inlined with dim a constant, the sums stay
 * in registers: through partial they would be stored back after every row,
 * since an int8_t row may alias them. */
static inline __attribute__((always_inline)) void sum_rows_of_dim(int16_t *restrict partial,
                                                                  const int8_t *restrict table,
                                                                  const uint32_t *restrict buckets, size_t count,
                                                                  unsigned dim)
{
    int16_t sum[GL_MAX_DIM];
    for (unsigned j = 0; j < dim; j++)
        sum[j] = partial[j];
    for (size_t i = 0; i < count; i++) {
        if (i + GL_PREFETCH_AHEAD < count)
            __builtin_prefetch(table + (size_t)buckets[i + GL_PREFETCH_AHEAD] * dim);
        const int8_t *row = table + (size_t)buckets[i] * dim;
        for (unsigned j = 0; j < dim; j++)
            sum[j] = (int16_t)(sum[j] + row[j]);
    }
    for (unsigned j = 0; j < dim; j++)
        partial[j] = sum[j];
}

static GL_SIMD_CLONES void sum_rows(int16_t *partial, const int8_t *table, const uint32_t *buckets, size_t count,
                                    unsigned dim)
{
    /* the trainer's usual widths get code of their own */
    if (dim == 32)
        sum_rows_of_dim(partial, table, buckets, count, 32);
    else if (dim == 16)
        sum_rows_of_dim(partial, table, buckets, count, 16);
    else
        sum_rows_of_dim(partial, table, buckets, count, dim);
}

#ifdef GL_AVX2_ROWS
/* Rows of 16 x chunks weights, summed with AVX2 itself: each 16 weights
 * are one widening load and one add (the compiler, left to itself, loads,
 * splits and widens them in four instructions, or keeps the sums in
 * memory). The table is megabytes: the featurizer has asked for each row
 * as it made the feature (gl_featurizer_rows). */
static inline __attribute__((always_inline, target("avx2"))) void
sum_rows_avx2(int16_t *partial, const int8_t *table, const uint32_t *buckets, size_t count, size_t chunks)
{
    __m256i sum[GL_MAX_DIM / 16];
    for (size_t c = 0; c < chunks; c++)
        sum[c] = _mm256_loadu_si256((const __m256i *)(partial + 16 * c));
    for (size_t i = 0; i < count; i++) {
        const int8_t *row = table + (size_t)buckets[i] * 16 * chunks;
        for (size_t c = 0; c < chunks; c++)
            sum[c] = _mm256_add_epi16(sum[c], _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(row + 16 * c))));
    }
    for (size_t c = 0; c < chunks; c++)
        _mm256_storeu_si256((__m256i *)(partial + 16 * c), sum[c]);
}

static __attribute__((target("avx2"))) void sum_rows_avx2_32(int16_t *partial, const int8_t *table,
                                                            const uint32_t *buckets, size_t count)
{
    sum_rows_avx2(partial, table, buckets, count, 2);
}

static __attribute__((target("avx2"))) void sum_rows_avx2_16(int16_t *partial, const int8_t *table,
                                                            const uint32_t *buckets, size_t count)
{
    sum_rows_avx2(partial, table, buckets, count, 1);
}
#endif

void gl_sum_rows(int16_t *partial, const int8_t *table, const uint32_t *buckets, size_t count, unsigned dim)
{
#ifdef GL_AVX2_ROWS
    if (__builtin_cpu_supports("avx2")) {
        if (dim == 32) {
            sum_rows_avx2_32(partial, table, buckets, count);
            return;
        }
        if (dim == 16) {
            sum_rows_avx2_16(partial, table, buckets, count);
            return;
        }
    }
#endif
    sum_rows(partial, table, buckets, count, dim);
}

/* Eight floats as one value, for the compiler's SIMD (GCC and clang): one
 * block of the output layer in one register where there is room. Read
 * through a pointer to this type, floats load without alignment. */
typedef float gl_f32x8 __attribute__((vector_size(GL_OUT_BLOCK * sizeof(float)), aligned(sizeof(float)), may_alias));

#define LOAD_F32X8(p) (*(const gl_f32x8 *)(p))

/* The logits of one block's languages (model.h), in lanes: its bias plus
 * the weights times hidden. Four sums over j (mod 4) keep the adds from
 * waiting on one another; each lane is summed in the same order, so a
 * language's logit does not depend on the others of its block. */
static inline __attribute__((always_inline)) void block_logits(const float *w, const float *hidden, size_t dim,
                                                               gl_f32x8 *out)
{
    gl_f32x8 acc0 = LOAD_F32X8(w + dim * GL_OUT_BLOCK), acc1 = {0}, acc2 = {0}, acc3 = {0};
    size_t j = 0;
    for (; j + 4 <= dim; j += 4) {
        acc0 += LOAD_F32X8(w + j * GL_OUT_BLOCK) * hidden[j];
        acc1 += LOAD_F32X8(w + (j + 1) * GL_OUT_BLOCK) * hidden[j + 1];
        acc2 += LOAD_F32X8(w + (j + 2) * GL_OUT_BLOCK) * hidden[j + 2];
        acc3 += LOAD_F32X8(w + (j + 3) * GL_OUT_BLOCK) * hidden[j + 3];
    }
    for (; j < dim; j++)
        acc0 += LOAD_F32X8(w + j * GL_OUT_BLOCK) * hidden[j];
    *out = (acc0 + acc1) + (acc2 + acc3);
}

/* Whether the candidates are one script group's languages, as the group's
 * own list (the common case). */
static inline int whole_group(const glossa_model *m, const int *candidates, size_t n_candidates)
{
    unsigned g = m->group_of_lang[candidates[0]];
    return candidates == m->by_group + m->group_first[g] && n_candidates == m->group_first[g + 1] - m->group_first[g];
}

/* A block's 8 calibrated logits, prior added, for dim known at compile
 * time where it is one of the trainer's usual widths. */
static inline __attribute__((always_inline)) void calibrated_block(const glossa_model *m, size_t block,
                                                                   const float *hidden, float sharpness,
                                                                   const float *prior_slot, float *out)
{
    const float *w = m->out_blocks + block * gl_out_block_floats(m);
    gl_f32x8 z;
    if (m->dim == 32)
        block_logits(w, hidden, 32, &z);
    else if (m->dim == 16)
        block_logits(w, hidden, 16, &z);
    else
        block_logits(w, hidden, m->dim, &z);
    z = z * sharpness + LOAD_F32X8(prior_slot + block * GL_OUT_BLOCK);
    memcpy(out, &z, sizeof z);
}

static GL_SIMD_CLONES void output_layer(const glossa_model *m, const int64_t *total, uint64_t n_features,
                                         const int *candidates, size_t n_candidates, const float *prior_slot,
                                         float *logits)
{
    float hidden[GL_MAX_DIM];
    float per_feature = gl_hidden_scale(m->quant_step, n_features);
    for (unsigned j = 0; j < m->dim; j++)
        hidden[j] = (float)total[j] * per_feature;
    /* Longer texts earn sharper probabilities (fitted on held-out data). */
    float sharpness = gl_sharpness(m->calib_a, m->calib_b, logf((float)n_features));
    /* Every language's logit is the same sum in the same order, whichever
     * other languages are scored with it. A whole group fills its blocks
     * in order: their lanes are its logits (logits has room for the last
     * block's unused lanes). */
    if (whole_group(m, candidates, n_candidates)) {
        size_t first = m->out_slot[candidates[0]] / GL_OUT_BLOCK;
        for (size_t b = 0; b * GL_OUT_BLOCK < n_candidates; b++)
            calibrated_block(m, first + b, hidden, sharpness, prior_slot, logits + b * GL_OUT_BLOCK);
        return;
    }
    /* Otherwise candidates come in ascending order, so those of a block
     * follow one another: each block is computed once. */
    float lane[GL_OUT_BLOCK];
    uint32_t block_done = UINT32_MAX;
    for (size_t c = 0; c < n_candidates; c++) {
        uint32_t slot = m->out_slot[candidates[c]];
        if (slot / GL_OUT_BLOCK != block_done) {
            block_done = slot / GL_OUT_BLOCK;
            calibrated_block(m, block_done, hidden, sharpness, prior_slot, lane);
        }
        logits[c] = lane[slot % GL_OUT_BLOCK];
    }
}

void gl_candidate_logits(const glossa_model *m, const float *prior_slot, const int64_t *total, uint64_t n_features,
                         const int *candidates, size_t n_candidates, float *logits)
{
    output_layer(m, total, n_features, candidates, n_candidates, prior_slot, logits);
}

/* exp(x) for -20 <= x <= 0, in plain arithmetic that the compiler turns
 * into SIMD (a call to expf per language cost more than the rest of a short
 * call): x = i ln 2 + r with |r| <= ln 2 / 2, exp(r) by its Taylor series to
 * r^7 / 7! (relative error under 1e-7), times 2^i built in the exponent
 * bits. i is rounded by adding 1.5 * 2^23, which leaves it in the low bits
 * of the float: a float-to-int conversion could trap, which keeps the
 * compiler from vectorizing. */
static inline float exp_nonpositive(float x)
{
    const float log2e = 1.44269504f, ln2_hi = 0.693145752f, ln2_lo = 1.42860677e-6f;
    const float round_shift = 12582912.0f; /* 1.5 * 2^23 */
    union {
        float f;
        uint32_t u;
    } rounded = {x * log2e + round_shift}, shift = {round_shift}, scale;
    float fi = rounded.f - round_shift;
    float r = x - fi * ln2_hi - fi * ln2_lo;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    scale.u = (rounded.u - shift.u + 127u) << 23;
    return p * scale.f;
}

/* A logit this far below the top weighs under 2e-9 against it: taken as 0. */
#define GL_LOGIT_FLOOR (-20.0f)

/* exp(x) for x <= 0, 0 below GL_LOGIT_FLOOR; no branch, so loops over it
 * stay SIMD. */
static inline float weight_below_top(float x)
{
    float e = exp_nonpositive(x > GL_LOGIT_FLOOR ? x : GL_LOGIT_FLOOR);
    return x > GL_LOGIT_FLOOR ? e : 0.0f;
}

static inline float max_of(const float *z, size_t n)
{
    float lane[LANES];
    for (unsigned k = 0; k < LANES; k++)
        lane[k] = -INFINITY;
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (unsigned k = 0; k < LANES; k++)
            lane[k] = z[i + k] > lane[k] ? z[i + k] : lane[k];
    float top = -INFINITY;
    for (; i < n; i++)
        top = z[i] > top ? z[i] : top;
    for (unsigned k = 0; k < LANES; k++)
        top = lane[k] > top ? lane[k] : top;
    return top;
}

/* Sum of weight_below_top(scale * (z[i] - top)). */
static inline float sum_weights(const float *z, size_t n, float top, float scale)
{
    float lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (unsigned k = 0; k < LANES; k++)
            lane[k] += weight_below_top(scale * (z[i + k] - top));
    float sum = 0.0f;
    for (; i < n; i++)
        sum += weight_below_top(scale * (z[i] - top));
    for (unsigned k = 0; k < LANES; k++)
        sum += lane[k];
    return sum;
}

/* The sums of a refiner's rows, k <= 8 of them a row: each row read as 8
 * weights (the table is padded for the last one; the weights past k are
 * the next row's, summed and ignored) and added as 8 int16 lanes, moved to
 * int32 every 256 rows, before they can overflow. */
typedef int8_t gl_i8x8 __attribute__((vector_size(GL_REFINER_MAX)));
typedef int16_t gl_i16x8 __attribute__((vector_size(GL_REFINER_MAX * sizeof(int16_t))));

static void sum_refiner_rows(int32_t *sum, const int8_t *table, const uint32_t *buckets, size_t n, uint32_t mask,
                             unsigned k)
{
    for (unsigned i = 0; i < GL_REFINER_MAX; i++)
        sum[i] = 0;
    for (size_t f = 0; f < n;) {
        size_t end = n - f > 256 ? f + 256 : n;
        gl_i16x8 lanes = {0};
        for (; f < end; f++) {
            gl_i8x8 row;
            memcpy(&row, table + (size_t)(buckets[f] & mask) * k, sizeof row);
            lanes += __builtin_convertvector(row, gl_i16x8);
        }
        for (unsigned i = 0; i < GL_REFINER_MAX; i++)
            sum[i] += lanes[i];
    }
}

#ifdef GL_AVX2_ROWS
/* The same with AVX2: one widening load a row (the compiler, left to
 * itself, widens the eight weights in four instructions). */
static __attribute__((target("avx2"))) void sum_refiner_rows_avx2(int32_t *sum, const int8_t *table,
                                                                 const uint32_t *buckets, size_t n, uint32_t mask,
                                                                 unsigned k)
{
    __m256i total = _mm256_setzero_si256();
    for (size_t f = 0; f < n;) {
        size_t end = n - f > 256 ? f + 256 : n;
        __m128i lanes = _mm_setzero_si128();
        for (; f < end; f++) {
            const int8_t *row = table + (size_t)(buckets[f] & mask) * k;
            lanes = _mm_add_epi16(lanes, _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)row)));
        }
        total = _mm256_add_epi32(total, _mm256_cvtepi16_epi32(lanes));
    }
    _mm256_storeu_si256((__m256i *)sum, total);
}
#endif

void gl_refiner_logits(const gl_refiner *r, unsigned refiner_bits, const uint32_t *buckets, size_t n, float *logits)
{
    int32_t sum[GL_REFINER_MAX];
    const unsigned k = r->n_members;
    const uint32_t mask = (1u << refiner_bits) - 1;
#ifdef GL_AVX2_ROWS
    if (__builtin_cpu_supports("avx2"))
        sum_refiner_rows_avx2(sum, r->table, buckets, n, mask, k);
    else
#endif
        sum_refiner_rows(sum, r->table, buckets, n, mask, k);
    float scale = gl_hidden_scale(r->quant_step, n);
    float sharp = gl_sharpness(r->calib_a, r->calib_b, logf((float)n));
    for (unsigned i = 0; i < k; i++)
        logits[i] = sharp * (r->bias[i] + (float)sum[i] * scale);
}

/* Where lang is in cand[0 .. n) (ascending), or n. */
static size_t position_of(const int *cand, size_t n, int lang)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cand[mid] < lang)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && cand[lo] == lang ? lo : n;
}

/* Where the output layer puts its best member of a group GL_SURE_IN_GROUP
 * nats (7 times) above the next, its answer stands, and the refiner's time
 * is saved. Chosen on dev (whole line / two words / one word, 2026-12-01):
 * at 1 94.69 / 78.50 / 57.70 %, at 2 94.72 / 78.43 / 57.71, at 4 94.72 /
 * 78.38 / 57.61, never 94.72 / 78.35 / 57.58. The refiners cost 4 % more
 * instructions on ood lines at 2, 12 % without this (callgrind, 1 MB). */
#define GL_SURE_IN_GROUP 2.0f

/* Whether the best of z[0 .. n) (n >= 2) is GL_SURE_IN_GROUP above the next. */
static int sure_in_group(const float *z, size_t n)
{
    float first = -INFINITY, second = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (z[i] > first) {
            second = first;
            first = z[i];
        } else if (z[i] > second) {
            second = z[i];
        }
    }
    return first - second > GL_SURE_IN_GROUP;
}

int gl_refine(const glossa_model *m, const float *prior_slot, int g, const int *cand, size_t n_cand, float *logits,
              const uint32_t *buckets, size_t n_buckets)
{
    const gl_refiner *r = &m->refiners[g];
    size_t at[GL_REFINER_MAX], n = 0;
    float own[GL_REFINER_MAX], z[GL_REFINER_MAX], refined[GL_REFINER_MAX];
    unsigned member[GL_REFINER_MAX];
    for (unsigned i = 0; i < r->n_members; i++) {
        size_t c = position_of(cand, n_cand, r->members[i]);
        if (c == n_cand)
            continue; /* not allowed, or not of the text's scripts */
        at[n] = c;
        own[n] = logits[c];
        member[n++] = i;
    }
    if (n < 2 || sure_in_group(own, n))
        return 0;
    gl_refiner_logits(r, m->refiner_bits, buckets, n_buckets, refined);
    for (size_t i = 0; i < n; i++)
        z[i] = refined[member[i]] + prior_slot[m->out_slot[cand[at[i]]]];
    float mass = gl_log_sum_exp(own, n), norm = gl_log_sum_exp(z, n);
    for (size_t i = 0; i < n; i++)
        logits[at[i]] = mass + z[i] - norm;
    return 1;
}

size_t gl_index_of_max(const float *z, size_t n)
{
    float top = max_of(z, n);
    size_t best = 0;
    while (z[best] != top)
        best++;
    return best;
}

float gl_log_sum_exp(const float *z, size_t n)
{
    float top = max_of(z, n);
    return top + logf(sum_weights(z, n, top, 1.0f));
}

float gl_probability(const float *z, size_t n, size_t at, float inverse_temperature)
{
    float top = max_of(z, n);
    return weight_below_top(inverse_temperature * (z[at] - top)) / sum_weights(z, n, top, inverse_temperature);
}

/* Sum of z[0 .. n). */
static inline float sum_of(const float *z, size_t n)
{
    float lane[LANES] = {0};
    size_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (unsigned k = 0; k < LANES; k++)
            lane[k] += z[i + k];
    float sum = 0.0f;
    for (; i < n; i++)
        sum += z[i];
    for (unsigned k = 0; k < LANES; k++)
        sum += lane[k];
    return sum;
}

/* The softmax of the n logits in weight (overwritten) times
 * inverse_temperature, and the k most probable of the languages cand
 * (ascending): exp(inverse_temperature * (logit - top)) in place,
 * and only the k chosen divided by the sum. The best is the first of the
 * largest logits (among equals, the lowest language); k == 1, the common
 * call, needs no weight stored. Returns how many it wrote. */
static GL_SIMD_CLONES size_t most_probable(float *weight, const int *cand, size_t n, glossa_guess *guesses, size_t k,
                                           float inverse_temperature)
{
    float top = max_of(weight, n);
    size_t best = 0;
    while (weight[best] != top)
        best++;
    if (k == 1) {
        guesses[0].language = cand[best];
        guesses[0].probability = 1.0f / sum_weights(weight, n, top, inverse_temperature); /* its weight is exp(0) */
        return 1;
    }
    for (size_t c = 0; c < n; c++)
        weight[c] = weight_below_top(inverse_temperature * (weight[c] - top));
    float sum = sum_of(weight, n);
    size_t want = k < n ? k : n;
    for (size_t r = 0; r < want; r++) { /* k is small: select, don't sort */
        if (r > 0) { /* the first of the largest weights */
            float largest = max_of(weight, n);
            for (best = 0; weight[best] != largest; best++)
                ;
        }
        guesses[r].language = cand[best];
        guesses[r].probability = weight[best] / sum;
        weight[best] = -1.0f; /* below every weight: chosen */
    }
    return want;
}

/* Not itself cloned for SIMD: a function with clones is exported by its
 * resolver, whatever the visibility. */
size_t gl_most_probable(float *weight, const int *cand, size_t n, glossa_guess *guesses, size_t k,
                        float inverse_temperature)
{
    return most_probable(weight, cand, n, guesses, k, inverse_temperature);
}
