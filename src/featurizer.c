#include "featurizer.h"

#include <string.h>

#define BOUNDARY 0x20u /* never part of a word, so free to mark its edges */
#define OUTSIDE_WORD (-1)
#define NO_GROUP 0xFF /* a word so far without a letter of a real script */

#define GRAM_SEED 0xCBF29CE484222325ull
#define GRAM_MUL 0x9E3779B97F4A7C15ull
#define WORD_SEED 0xC2B2AE3D27D4EB4Full
#define HASH_MUL 0x100000001B3ull

/* A strong 64-bit finalizer (murmur3's), so that the top bits used as the
 * bucket depend on every character. */
static inline uint32_t bucket_of(uint64_t h, unsigned bits)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return (uint32_t)(h >> (64 - bits));
}

void gl_featurizer_init(gl_featurizer *fz, unsigned max_n, unsigned bucket_bits)
{
    memset(fz, 0, sizeof *fz);
    fz->max_n = max_n < 1 ? 1 : max_n > GL_MAX_NGRAM ? GL_MAX_NGRAM : max_n;
    fz->bucket_bits = bucket_bits < 1 ? 1 : bucket_bits > 32 ? 32 : bucket_bits;
    for (unsigned s = 0; s < GL_SCRIPT_SLOTS; s++) {
        fz->group_of_script[s] = (uint8_t)s;
        fz->weight_of_script[s] = 1;
    }
    /* Japanese mixes Han and Kana inside words, Korean Hangul and Han. */
    static const char *const east_asian[] = {"Hani", "Hira", "Kana", "Hang", "Bopo", "Yiii"};
    int han = gl_script_from_code("Hani");
    for (size_t i = 0; i < sizeof east_asian / sizeof east_asian[0]; i++) {
        int s = gl_script_from_code(east_asian[i]);
        if (s >= 0 && han >= 0) {
            fz->group_of_script[s] = (uint8_t)han;
            fz->weight_of_script[s] = 3;
        }
    }
    gl_featurizer_reset(fz);
}

void gl_featurizer_reset(gl_featurizer *fz)
{
    fz->recent_len = 0;
    fz->word_chars = 0;
    fz->word_hash = WORD_SEED;
    fz->word_group = OUTSIDE_WORD;
    gl_featurizer_clear_counts(fz);
}

void gl_featurizer_clear_counts(gl_featurizer *fz)
{
    memset(fz->script_weight, 0, sizeof fz->script_weight);
    fz->letters = 0;
}

/* Adds a code point to the current word: gram[k] becomes the hash of the
 * (k + 1)-gram ending at it, made from the k-gram ending one code point
 * before. Each n-gram is hashed forward (FNV-1a's shape, with a dense odd
 * multiplier), so the n-grams of a code point cost independent multiplies
 * rather than a chain of them, and its bucket is the hash's top bits
 * (multiplicative hashing: the last multiply has mixed every bit into
 * them). */
static inline void remember(gl_featurizer *fz, uint32_t cp)
{
    for (unsigned k = fz->max_n - 1; k > 0; k--)
        fz->gram[k] = (fz->gram[k - 1] ^ cp) * GRAM_MUL;
    fz->gram[0] = (GRAM_SEED ^ cp) * GRAM_MUL;
    if (fz->recent_len < fz->max_n)
        fz->recent_len++;
}

/* The n-grams (min_n <= n) that end at the newest code point. Only the
 * first recent_len hashes belong to the current word. */
static inline size_t emit_ngrams(const gl_featurizer *fz, unsigned min_n, uint32_t *out)
{
    size_t count = 0;
    for (unsigned n = min_n; n <= fz->recent_len; n++)
        out[count++] = (uint32_t)(fz->gram[n - 1] >> (64 - fz->bucket_bits));
    return count;
}

static size_t close_word(gl_featurizer *fz, uint32_t *out)
{
    remember(fz, BOUNDARY);
    size_t count = emit_ngrams(fz, 2, out);
    if (fz->word_chars <= GL_MAX_WORD_CHARS)
        out[count++] = bucket_of(fz->word_hash, fz->bucket_bits);
    fz->recent_len = 0;
    fz->word_chars = 0;
    fz->word_hash = WORD_SEED;
    fz->word_group = OUTSIDE_WORD;
    return count;
}

size_t gl_featurizer_push(gl_featurizer *fz, uint32_t cp, uint32_t *out)
{
    uint32_t props = gl_unicode_props(cp);
    unsigned cls = GL_PROP_CLASS(props);
    if (cls == GL_CLASS_OTHER)
        return fz->word_group == OUTSIDE_WORD ? 0 : close_word(fz, out);

    size_t count = 0;
    int group = NO_GROUP;
    if (cls == GL_CLASS_LETTER) {
        if (props & GL_PROP_HAS_LOWER)
            cp = gl_unicode_lower(cp);
        unsigned script = GL_PROP_SCRIPT(props);
        if (script > GL_SCRIPT_INHERITED) {
            fz->script_weight[script] += fz->weight_of_script[script];
            fz->letters++;
            group = fz->group_of_script[script];
            /* A change of script ends the word. */
            if (fz->word_group != OUTSIDE_WORD && fz->word_group != NO_GROUP &&
                fz->word_group != group)
                count = close_word(fz, out);
        }
    }
    if (fz->word_group == OUTSIDE_WORD) {
        remember(fz, BOUNDARY);
        fz->word_group = group;
    } else if (fz->word_group == NO_GROUP) {
        fz->word_group = group;
    }
    remember(fz, cp);
    count += emit_ngrams(fz, 1, out + count);
    fz->word_hash = (fz->word_hash ^ cp) * HASH_MUL;
    if (fz->word_chars <= GL_MAX_WORD_CHARS) /* saturates: words of any length */
        fz->word_chars++;
    return count;
}

size_t gl_featurizer_finish(gl_featurizer *fz, uint32_t *out)
{
    return fz->word_group == OUTSIDE_WORD ? 0 : close_word(fz, out);
}
