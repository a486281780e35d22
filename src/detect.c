/* Whole documents: the features of a text are summed into a hidden vector
 * (one quantized row of the feature table per feature), the languages
 * whose scripts hold most of the text's letters become the candidates, and
 * the output layer with a calibrated softmax ranks them (score.c); code and
 * markup answer und, and a document whose parts disagree is not reliable. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detector.h"
#include "simd.h"

void gl_merge_blocks(glossa_detector *d)
{
    unsigned dim = d->model->dim;
    for (size_t b = 0; b < GL_DOC_BLOCKS / 2; b++) {
        for (unsigned j = 0; j < dim; j++)
            d->block_sum[b][j] = d->block_sum[2 * b][j] + d->block_sum[2 * b + 1][j];
        d->block_features[b] = d->block_features[2 * b] + d->block_features[2 * b + 1];
    }
    d->n_blocks = GL_DOC_BLOCKS / 2;
}

/* The languages a mixed document's other parts may be in: its most likely
 * ones after the best. */
#define GL_RIVALS 4

/* The indices of the 1 + GL_RIVALS largest of z[0 .. n) (fewer when n is
 * smaller), in ascending order of index; returns how many. */
static size_t largest_of(const float *z, size_t n, size_t *out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) { /* insertion into the list, by value */
        size_t at = count;
        while (at > 0 && z[out[at - 1]] < z[i])
            at--;
        if (at == 1 + GL_RIVALS)
            continue;
        size_t last = count < 1 + GL_RIVALS ? count : GL_RIVALS;
        memmove(out + at + 1, out + at, (last - at) * sizeof *out);
        out[at] = i;
        if (count < 1 + GL_RIVALS)
            count++;
    }
    for (size_t i = 1; i < count; i++) /* then by index */
        for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
            size_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return count;
}

/* A block is surely not in a language that it gives at most this
 * probability (among the best and its rivals). Chosen on documents of 5 dev
 * lines of one language (3 of each language): at 0.3, 9 % of those that
 * were reliable lost it, at 0.1 5.6 %, at 0.02 1.6 % (those quote another
 * language, or are in one of two close ones), while each of the mixed ones
 * of tests/everyday.tsv kept its place. */
#define GL_BLOCK_DOUBT 0.02f

/* Whether the document is mixed: blocks that hold GLOSSA_MIXED_SHARE of its
 * features or more are, on their own, surely not in the best language. The
 * languages are ascending, the best among them at best_at. */
static int blocks_disagree(glossa_detector *d, const int *langs, size_t n, size_t best_at)
{
    float logits[1 + GL_RIVALS + GL_OUT_BLOCK]; /* room for a whole block of the output layer */
    uint64_t against = 0;
    for (unsigned b = 0; b < d->n_blocks; b++) {
        gl_candidate_logits(d->model, d->prior_slot, d->block_sum[b], d->block_features[b], langs, n, logits);
        if (expf(logits[best_at] - gl_log_sum_exp(logits, n)) <= GL_BLOCK_DOUBT)
            against += d->block_features[b];
    }
    return (float)against >= GLOSSA_MIXED_SHARE * (float)d->n_features;
}

/* A text of one line shorter than this many blocks is taken to be of one
 * language: the test below is for documents (and costs a few per cent on
 * a sentence). */
#define GL_LONG_TEXT_BLOCKS 8

/* For a document of several lines or blocks: whether its parts disagree on
 * the language of its best candidate (logits: of all candidates). */
static int mixed_document(glossa_detector *d, const int *cand, size_t n_cand, const float *logits)
{
    if (d->n_blocks < 2 || n_cand < 2 || (d->fz.line_breaks == 0 && d->n_blocks < GL_LONG_TEXT_BLOCKS))
        return 0;
    size_t top[1 + GL_RIVALS], best_at = 0;
    size_t n = largest_of(logits, n_cand, top);
    int langs[1 + GL_RIVALS];
    for (size_t i = 0; i < n; i++) {
        langs[i] = cand[top[i]];
        best_at = logits[top[i]] > logits[top[best_at]] ? i : best_at;
    }
    return blocks_disagree(d, langs, n, best_at);
}

/* The k most probable candidates, after the refiner of the best one's
 * close group (score.h) has had its say. With k = 1 the best is found
 * first, which leaves the logits as they were, and found again only when
 * the refiner changed them. */
static size_t most_probable_refined(glossa_detector *d, const int *cand, size_t n_cand, glossa_guess *guesses,
                                    size_t k)
{
    const glossa_model *m = d->model;
    if (!m->n_refiners || !d->n_kept)
        return gl_most_probable(d->logits, cand, n_cand, guesses, k, m->inverse_temperature);
    int best;
    if (k == 1) {
        gl_most_probable(d->logits, cand, n_cand, guesses, 1, m->inverse_temperature);
        best = guesses[0].language;
    } else {
        best = cand[gl_index_of_max(d->logits, n_cand)];
    }
    int g = m->refiner_of_lang[best];
    if (g >= 0 && gl_refine(m, d->prior_slot, g, cand, n_cand, d->logits, d->kept, d->n_kept))
        return gl_most_probable(d->logits, cand, n_cand, guesses, k, m->inverse_temperature);
    return k == 1 ? 1 : gl_most_probable(d->logits, cand, n_cand, guesses, k, m->inverse_temperature);
}

/* Sums the batch's rows, GL_FLUSH_EVERY at a time (detector.h). */
static void sum_batch(glossa_detector *d)
{
    for (size_t at = 0; at < d->batch_len; at += GL_FLUSH_EVERY)
        gl_add_features(d, d->batch + at, d->batch_len - at < GL_FLUSH_EVERY ? d->batch_len - at : GL_FLUSH_EVERY);
    d->batch_len = 0;
}

/* A code point that a chunk's end cut in two, or the last one of a text. */
static void push_code_point(void *ctx, uint32_t cp, size_t nbytes)
{
    glossa_detector *d = ctx;
    (void)nbytes;
    d->batch_len += gl_featurizer_push(&d->fz, cp, d->batch + d->batch_len);
    if (d->batch_len > GL_BATCH - GL_FEATURE_BURST)
        sum_batch(d);
}

/* Featurizes s[0 .. len), read to its end: a sequence cut short there is
 * U+FFFD. */
static void featurize(glossa_detector *d, const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t written;
        i += gl_featurizer_feed_utf8(&d->fz, s + i, len - i, d->batch + d->batch_len, GL_BATCH - d->batch_len,
                                     &written);
        d->batch_len += written;
        if (d->batch_len > GL_BATCH - GL_FEATURE_BURST)
            sum_batch(d);
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
    const unsigned char *s = (const unsigned char *)chunk;
    size_t end, start = gl_utf8_chunk(&detector->carry, s, len, push_code_point, detector, &end);
    featurize(detector, s + start, end - start);
    return GLOSSA_OK;
}

/* Code and markup: a text with GL_CODE_MARKS of code (featurizer.h: four
 * operators or brackets) and at least one for every GL_WEIGHT_PER_CODE_MARK
 * of its letter weight (three letters of a word in lowercase, or one Han
 * character). Prose has an aside in parentheses now and then, code an
 * operator, a bracket or a "." between names every few letters. Chosen on
 * tests/everyday.tsv, and checked on dev: of its 161,702 lines, 23 had no
 * answer before (letters of scripts the model has no language of), and this
 * adds 186 (0.12 %; spreadsheet formulas of LibreOffice's help, mostly). */
#define GL_CODE_MARKS 8
#define GL_WEIGHT_PER_CODE_MARK (3 * GL_RUNNING_WEIGHT)

/* The text's letter weight: over the scripts seen only. */
static uint64_t letter_weight(const gl_featurizer *fz)
{
    uint64_t weight = 0;
    for (unsigned w = 0; w < GL_SCRIPT_SLOTS / 64; w++)
        for (uint64_t bits = fz->seen[w]; bits; bits &= bits - 1)
            weight += fz->script_weight[w * 64 + (unsigned)__builtin_ctzll(bits)];
    return weight;
}

static int is_code(const gl_featurizer *fz, uint64_t weight)
{
    return fz->code_marks >= GL_CODE_MARKS && fz->code_marks * (uint64_t)GL_WEIGHT_PER_CODE_MARK >= weight;
}

/* A text whose letters are mostly not language (featurizer.h: those of
 * links, addresses, handles and tags, and letters after digits) has none:
 * john.smith@example.org, https://example.com/a?id=1, e3b0c44298fc... The
 * letters of a link before its mark were read as words, and without this
 * a language would be guessed from them. A few words of prose beside links
 * and tags keep their language: the rest must be outweighed GL_SKIPPED_SHARE
 * times over. */
#define GL_SKIPPED_SHARE 8

static int mostly_skipped(const gl_featurizer *fz, uint64_t weight)
{
    return fz->skipped_weight > 0 && fz->skipped_weight >= GL_SKIPPED_SHARE * (weight - fz->skipped_read);
}

int glossa_stream_end(glossa_detector *detector, glossa_guess *guesses, size_t k, glossa_result *result)
{
    if (!detector || !guesses || k == 0)
        return GLOSSA_E_INVALID_ARGUMENT;
    glossa_detector *d = detector;
    if (d->mode != GL_DOCUMENT)
        return GLOSSA_E_STREAM_STATE;
    gl_utf8_finish(&d->carry, push_code_point, d);
    d->batch_len += gl_featurizer_finish(&d->fz, d->batch + d->batch_len);
    sum_batch(d);
    gl_flush_partial(d);
    d->mode = GL_IDLE;

    const glossa_model *m = d->model;
    const int *cand = NULL;
    uint64_t weight = letter_weight(&d->fz);
    size_t n_cand = d->n_features && !is_code(&d->fz, weight) && !mostly_skipped(&d->fz, weight)
                        ? gl_choose_candidates(&m->lang_groups, d->fz.script_weight, d->fz.seen,
                                                         d->restricted ? d->only.bits : NULL, d->group_weight,
                                                         d->candidates, &cand)
                                  : 0;
    size_t written = 1;
    int mixed = 0;
    if (n_cand == 0) {
        guesses[0] = (glossa_guess){GLOSSA_UND, 0.0f};
    } else {
        gl_candidate_logits(d->model, d->prior_slot, d->total, d->n_features, cand, n_cand, d->logits);
        mixed = result && mixed_document(d, cand, n_cand, d->logits);
        written = most_probable_refined(d, cand, n_cand, guesses, k);
        while (written > 0 && guesses[written - 1].probability < d->min_probability)
            written--;
        if (written == 0) {
            guesses[0] = (glossa_guess){GLOSSA_UND, 0.0f};
            written = 1;
        }
    }
    if (result) {
        result->count = written;
        result->reliable = guesses[0].language != GLOSSA_UND && guesses[0].language != m->non_language &&
                           guesses[0].probability >= GLOSSA_RELIABLE &&
                           !mixed;
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
    /* One piece, nothing to carry: the stream's end reads a cut-short
     * sequence there as U+FFFD too. */
    featurize(detector, (const unsigned char *)text, len);
    return glossa_stream_end(detector, guesses, k, result);
}
