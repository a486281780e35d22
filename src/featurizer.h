/* Feature extraction: the text as a stream of hashed features.
 *
 * A word is a run of letters and marks of one script (Han, Kana and Hangul
 * count as one, since Japanese and Korean mix them within words). Each word
 * is padded with a boundary on both sides, " word ", and gives:
 *   - every character n-gram of length 1 .. max_n inside the padded word
 *     (the boundary alone is not a feature), and
 *   - the whole word, when it has at most GL_MAX_WORD_CHARS characters.
 * Letters are lowercased. Everything else (digits, punctuation, spaces,
 * symbols) only separates words. Each feature is hashed into one of
 * 2^bucket_bits buckets.
 *
 * The featurizer is a small state machine fed one code point at a time, so a
 * document can arrive in pieces of any size: the trainer and the detector
 * share it, and so see exactly the same features. */
#ifndef GLOSSA_FEATURES_H
#define GLOSSA_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "unicode.h"

#define GL_MAX_NGRAM 5
#define GL_MAX_WORD_CHARS 24
/* Most features one code point can produce: closing the previous word
 * (max_n - 1 n-grams and the word) and opening the next (2 n-grams). */
#define GL_FEATURE_BURST (2 * GL_MAX_NGRAM + 2)
#define GL_SCRIPT_SLOTS 256

typedef struct gl_featurizer {
    /* configuration */
    unsigned max_n;
    unsigned bucket_bits;
    /* the current word: hashes of the n-grams ending at its newest code
     * point (gram[n - 1] for n <= recent_len, boundary included) */
    uint64_t gram[GL_MAX_NGRAM];
    unsigned recent_len; /* code points in the padded word so far, saturating */
    unsigned word_chars;
    uint64_t word_hash;
    int word_group; /* script group of the current word, -1 outside a word */
    /* letter weight per script, for choosing candidate languages */
    uint64_t script_weight[GL_SCRIPT_SLOTS];
    uint64_t letters;
    /* per script: the word-splitting group, and the weight of one letter */
    uint8_t group_of_script[GL_SCRIPT_SLOTS];
    uint8_t weight_of_script[GL_SCRIPT_SLOTS];
} gl_featurizer;

void gl_featurizer_init(gl_featurizer *fz, unsigned max_n, unsigned bucket_bits);
/* Forget the text so far (configuration stays). */
void gl_featurizer_reset(gl_featurizer *fz);

/* Forget the letter counts (script_weight, letters) but not the word in
 * progress: the span finder counts each unit of text apart. */
void gl_featurizer_clear_counts(gl_featurizer *fz);

/* Feeds one code point; writes the bucket ids of the features it completes
 * to out (room for GL_FEATURE_BURST) and returns how many. */
size_t gl_featurizer_push(gl_featurizer *fz, uint32_t cp, uint32_t *out);
/* Ends the text: closes the last word. */
size_t gl_featurizer_finish(gl_featurizer *fz, uint32_t *out);

#endif
