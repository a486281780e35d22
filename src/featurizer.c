#include "featurizer.h"
#include "utf8.h"

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
    fz->word.recent_len = 0;
    fz->word.chars = 0;
    fz->word.hash = WORD_SEED;
    fz->word.group = OUTSIDE_WORD;
    gl_featurizer_clear_counts(fz);
}

void gl_featurizer_clear_counts(gl_featurizer *fz)
{
    memset(fz->script_weight, 0, sizeof fz->script_weight);
    fz->letters = 0;
}

/* The steps below are inlined with max_n a constant where they are used,
 * so that their loops unroll and the word's hashes stay in registers. */
#define GL_INLINE static inline __attribute__((always_inline))

/* Adds a code point to the word: gram[k] becomes the hash of the
 * (k + 1)-gram ending at it, made from the k-gram ending one code point
 * before. Each n-gram is hashed forward (FNV-1a's shape, with a dense odd
 * multiplier), so the n-grams of a code point cost independent multiplies
 * rather than a chain of them, and its bucket is the hash's top bits
 * (multiplicative hashing: the last multiply has mixed every bit into
 * them). */
/* What turning hashes into features needs, copied out of the featurizer
 * into a local: there the compiler keeps it in registers, where the stores
 * of features and letter counts could otherwise change it. */
typedef struct {
    unsigned bits;
    const int8_t *rows; /* fetched into the cache: prefetch_rows */
    size_t row_bytes;
} bucketing;

static inline bucketing bucketing_of(const gl_featurizer *fz)
{
    return (bucketing){fz->bucket_bits, fz->prefetch_rows, fz->row_bytes};
}

GL_INLINE uint32_t feature(const bucketing *b, uint32_t bucket)
{
    if (b->rows)
        __builtin_prefetch(b->rows + (size_t)bucket * b->row_bytes);
    return bucket;
}

GL_INLINE void remember(gl_word_state *w, uint32_t cp, unsigned max_n)
{
    for (unsigned k = max_n - 1; k > 0; k--)
        w->gram[k] = (w->gram[k - 1] ^ cp) * GRAM_MUL;
    w->gram[0] = (GRAM_SEED ^ cp) * GRAM_MUL;
    if (w->recent_len < max_n)
        w->recent_len++;
}

/* The n-grams (min_n <= n) that end at the newest code point; only the
 * first recent_len hashes belong to the word. All max_n - min_n + 1 slots
 * are written (a fixed number of stores, no branch), and those of the word
 * counted. */
GL_INLINE size_t emit_ngrams(const bucketing *b, const gl_word_state *w, unsigned min_n, unsigned max_n,
                             uint32_t *restrict out)
{
    for (unsigned n = min_n; n <= max_n; n++)
        out[n - min_n] = feature(b, (uint32_t)(w->gram[n - 1] >> (64 - b->bits)));
    return w->recent_len >= min_n ? w->recent_len - min_n + 1 : 0;
}

GL_INLINE size_t close_word(const bucketing *b, gl_word_state *w, unsigned max_n, uint32_t *restrict out)
{
    remember(w, BOUNDARY, max_n);
    size_t count = emit_ngrams(b, w, 2, max_n, out);
    if (w->chars <= GL_MAX_WORD_CHARS)
        out[count++] = feature(b, bucket_of(w->hash, b->bits));
    w->recent_len = 0;
    w->chars = 0;
    w->hash = WORD_SEED;
    w->group = OUTSIDE_WORD;
    return count;
}

/* One code point into the word w (fz's own, or a copy in registers). */
GL_INLINE size_t push(gl_featurizer *fz, const bucketing *b, gl_word_state *w, uint32_t cp, uint32_t *restrict out,
                      unsigned max_n)
{
    uint32_t props = gl_unicode_props(cp);
    unsigned cls = GL_PROP_CLASS(props);
    if (cls == GL_CLASS_OTHER)
        return w->group == OUTSIDE_WORD ? 0 : close_word(b, w, max_n, out);

    size_t count = 0;
    int group = NO_GROUP;
    if (cls == GL_CLASS_LETTER) {
        if (props & GL_PROP_HAS_LOWER)
            cp = cp < 0x80 ? cp + ('a' - 'A') : gl_unicode_lower(cp);
        unsigned script = GL_PROP_SCRIPT(props);
        if (script > GL_SCRIPT_INHERITED) {
            fz->script_weight[script] += fz->weight_of_script[script];
            fz->letters++;
            group = fz->group_of_script[script];
            /* A change of script ends the word. */
            if (w->group != OUTSIDE_WORD && w->group != NO_GROUP && w->group != group)
                count = close_word(b, w, max_n, out);
        }
    }
    if (w->group == OUTSIDE_WORD) {
        remember(w, BOUNDARY, max_n);
        w->group = group;
    } else if (w->group == NO_GROUP) {
        w->group = group;
    }
    remember(w, cp, max_n);
    count += emit_ngrams(b, w, 1, max_n, out + count);
    w->hash = (w->hash ^ cp) * HASH_MUL;
    if (w->chars <= GL_MAX_WORD_CHARS) /* saturates: words of any length */
        w->chars++;
    return count;
}

size_t gl_featurizer_push(gl_featurizer *fz, uint32_t cp, uint32_t *out)
{
    bucketing b = bucketing_of(fz);
    if (fz->max_n == GL_MAX_NGRAM)
        return push(fz, &b, &fz->word, cp, out, GL_MAX_NGRAM);
    return push(fz, &b, &fz->word, cp, out, fz->max_n);
}

GL_INLINE size_t feed_utf8(gl_featurizer *fz, const unsigned char *s, size_t len, uint32_t *restrict out, size_t room,
                           size_t *written, unsigned max_n)
{
    bucketing b = bucketing_of(fz);
    gl_word_state w = fz->word;
    size_t i = 0, n = 0;
    while (i < len && n + GL_FEATURE_BURST <= room) {
        uint32_t cp;
        i += gl_utf8_next_fast(s + i, len - i, &cp);
        n += push(fz, &b, &w, cp, out + n, max_n);
    }
    fz->word = w;
    *written = n;
    return i;
}

size_t gl_featurizer_feed_utf8(gl_featurizer *fz, const unsigned char *s, size_t len, uint32_t *out, size_t room,
                               size_t *written)
{
    if (fz->max_n == GL_MAX_NGRAM)
        return feed_utf8(fz, s, len, out, room, written, GL_MAX_NGRAM);
    return feed_utf8(fz, s, len, out, room, written, fz->max_n);
}

size_t gl_featurizer_finish(gl_featurizer *fz, uint32_t *out)
{
    bucketing b = bucketing_of(fz);
    return fz->word.group == OUTSIDE_WORD ? 0 : close_word(&b, &fz->word, fz->max_n, out);
}
