/* The featurizer (featurizer.h): text, one code point at a time, to hashed
 * features, and its letters counted by script. */
#include "featurizer.h"
#include "simd.h"
#include "utf8.h"

#include <string.h>

#define BOUNDARY 0x20u /* never part of a word, so free to mark its edges */
#define OUTSIDE_WORD (-1)
#define NO_GROUP 0xFF /* a word so far without a letter of a real script */

#define GRAM_SEED 0x811C9DC5u
#define WORD_SEED 0x27D4EB2Fu
#define HASH_MUL 0x9E3779B1u /* odd, its bits dense: 2^32 / golden ratio */

_Static_assert(GL_MAX_NGRAM < GL_WORD_LANE, "the n-grams and the word share one register");
/* Featurizing a character writes at most 2 * max_n counted slots and one
 * store of GL_HASH_LANES beyond the first max_n of them. */
_Static_assert(2 * (2 * GL_MAX_NGRAM) + GL_MAX_NGRAM + GL_HASH_LANES <= GL_FEATURE_BURST,
               "three characters' features fit in a burst");

/* What the token (the characters since the last space) is so far. */
enum {
    TOKEN_START = 1u, /* nothing of it read yet */
    TOKEN_SKIP = 2u,  /* the rest of it is not language: its Latin letters give nothing */
    TOKEN_COLON = 4u, /* the last character was ':' */
    TOKEN_DOT = 8u,   /* the last character was '.' right after a word */
    TOKEN_LINK = 16u, /* the rest of it is a link, an address or a handle (TOKEN_SKIP too) */
    TOKEN_QUOTE = 32u, /* the last character was '"' */
};

/* Eight 32-bit hashes as one value, for the compiler's SIMD (GCC and
 * clang). */
typedef uint32_t hash_lanes __attribute__((vector_size(GL_HASH_LANES * sizeof(uint32_t))));

/* The steps below are inlined with max_n a constant where they are used,
 * so that the word stays in registers. */
#define GL_INLINE static inline __attribute__((always_inline))

/* The word as the steps below work on it: its hashes in one register. */
typedef struct {
    hash_lanes h;
    unsigned chars;
    int group;
    unsigned cased_letters, capital, token;
    uint64_t token_weight;
    uint32_t held, held_props;
} word_regs;

static inline word_regs load_word(const gl_word_state *w)
{
    word_regs r = {{0},      w->chars,        w->group, w->cased_letters, w->capital,
                   w->token, w->token_weight, w->held,  w->held_props};
    memcpy(&r.h, w->lanes, sizeof r.h);
    return r;
}

static inline void store_word(gl_word_state *w, const word_regs *r)
{
    memcpy(w->lanes, &r->h, sizeof r->h);
    w->chars = r->chars;
    w->group = r->group;
    w->cased_letters = r->cased_letters;
    w->capital = r->capital;
    w->token = r->token;
    w->token_weight = r->token_weight;
    w->held = r->held;
    w->held_props = r->held_props;
}

/* Adds a code point to the word. Each n-gram's hash extends the hash of the
 * (n - 1)-gram that ended one code point before (the 1-gram's starts from
 * GRAM_SEED, the word's from WORD_SEED): xor in the code point, multiply
 * (FNV-1a's shape, with a dense odd multiplier). So one shuffle, one xor
 * and one multiply hash every n-gram and the word at once, and a bucket is
 * a hash's top bits (multiplicative hashing: the multiply has mixed every
 * bit into them). */
GL_INLINE void remember(word_regs *w, uint32_t cp)
{
    const hash_lanes seed = {GRAM_SEED};
    w->h = (__builtin_shufflevector(w->h, seed, 8, 0, 1, 2, 3, 4, 5, GL_WORD_LANE) ^ cp) * HASH_MUL;
}

/* Code points in the padded word after the newest of its chars, at most
 * max_n: the n-grams that end there (the boundary and the chars before). */
GL_INLINE unsigned recent(const word_regs *w, unsigned max_n)
{
    return w->chars + 2 < max_n ? w->chars + 2 : max_n;
}

/* Writes the lanes of a hash_lanes value to out (no alignment needed). A
 * macro: a function taking the vector by value would have the compiler
 * warn about its calling convention. */
#define STORE_LANES(out, v)                                                                                          \
    do {                                                                                                             \
        hash_lanes lanes_ = (v);                                                                                     \
        memcpy((out), &lanes_, sizeof lanes_);                                                                       \
    } while (0)

/* The n-grams that end at the newest code point (before w->chars counts
 * it), written to out (all GL_HASH_LANES slots: one store), counted while
 * they are in the word. */
GL_INLINE size_t emit_ngrams(const word_regs *w, unsigned bits, unsigned max_n, uint32_t *out)
{
    STORE_LANES(out, w->h >> (32 - bits));
    return recent(w, max_n);
}

/* Ends the word: its n-grams that end at the closing boundary, and the
 * whole word when it is short enough; its letters counted by what it is. */
GL_INLINE size_t close_word(gl_featurizer *fz, word_regs *w, unsigned bits, unsigned max_n, uint32_t *out)
{
    if (w->cased_letters) {
        uint64_t weight = (uint64_t)w->cased_letters * (w->capital ? GL_NAME_WEIGHT : GL_RUNNING_WEIGHT);
        fz->letters += w->cased_letters;
        fz->script_weight[w->group] += weight;
        fz->seen[(unsigned)w->group / 64] |= 1ull << ((unsigned)w->group % 64);
        if ((unsigned)w->group == fz->latin) {
            if (w->token & TOKEN_LINK) { /* a word of a token already shown a link */
                fz->skipped_weight += weight;
                fz->skipped_read += weight;
            } else {
                w->token_weight += weight;
            }
        }
        w->cased_letters = 0;
        w->capital = 0;
    }
    remember(w, BOUNDARY);
    hash_lanes buckets = w->h >> (32 - bits);
    /* the boundary alone (lane 0) is not a feature */
    STORE_LANES(out, __builtin_shufflevector(buckets, buckets, 1, 2, 3, 4, 5, 6, 7, 7));
    size_t count = recent(w, max_n) - 1;
    if (w->chars <= GL_MAX_WORD_CHARS)
        out[count++] = buckets[GL_WORD_LANE];
    w->chars = 0;
    w->group = OUTSIDE_WORD;
    return count;
}

/* How much cp tells of code and markup (code_marks): 2 for an operator,
 * a bracket or a brace, 1 for a parenthesis (prose has asides too); and 2
 * for a quote right before a colon, a JSON key's end (token_after). */
static inline unsigned code_mark(uint32_t cp)
{
    switch (cp) {
    case '(': case ')':
        return 1;
    case '[': case ']': case '{': case '}': case '<': case '>': case '=': case ';': case '*': case '+': case '|':
    case '\\': case '_': case '$': case '&': case '^': case '~': case '`': case '/':
        return 2;
    default:
        return 0;
    }
}

/* The token state after a character that is neither a letter nor a mark
 * (in_word: it ends a word; www: the word "www"). */
static inline unsigned token_after(gl_featurizer *fz, unsigned token, uint32_t cp, int in_word, int www)
{
    if (gl_unicode_is_space(cp)) {
        fz->line_breaks += cp == '\n';
        return TOKEN_START;
    }
    if (cp == '@' || cp == '#' || (cp == '/' && (token & TOKEN_COLON)) || www)
        token |= TOKEN_SKIP | TOKEN_LINK;
    else if (cp >= '0' && cp <= '9')
        token |= TOKEN_SKIP;
    else if (!(token & TOKEN_LINK)) /* a link's slashes are not code; a key's ": is (JSON, YAML) */
        fz->code_marks += code_mark(cp) + (cp == ':' && (token & TOKEN_QUOTE) ? 2u : 0u);
    token &= ~(TOKEN_START | TOKEN_COLON | TOKEN_DOT | TOKEN_QUOTE);
    return token | (cp == ':' ? TOKEN_COLON : 0) | (cp == '.' && in_word ? TOKEN_DOT : 0) | (cp == '"' ? TOKEN_QUOTE : 0);
}

/* Starts a word of the given script group. */
GL_INLINE void open_word(word_regs *w, int group)
{
    w->h[GL_WORD_LANE] = WORD_SEED;
    remember(w, BOUNDARY);
    w->group = group;
}

/* Adds a letter, lowercased, to the word: the n-grams that end with it. */
GL_INLINE size_t add_letter(word_regs *w, uint32_t letter, uint32_t *restrict out, unsigned bits, unsigned max_n)
{
    remember(w, letter);
    size_t count = emit_ngrams(w, bits, max_n, out);
    if (w->chars <= GL_MAX_WORD_CHARS) /* saturates: words of any length */
        w->chars++;
    return count;
}

/* Adds a letter of the word's script that a letter of another stood for
 * (Latin, Cyrillic and Greek weigh by the word: see close_word). */
GL_INLINE size_t add_lookalike(word_regs *w, uint32_t lookalike, uint32_t *restrict out, unsigned bits,
                               unsigned max_n)
{
    w->cased_letters++;
    if (gl_unicode_props(lookalike) & GL_PROP_HAS_LOWER)
        w->capital = 1;
    return add_letter(w, gl_unicode_lower(lookalike), out, bits, max_n);
}

/* The letter of the word's script that cp (a letter of another script,
 * in the word) stands for, or 0. Text typed on two keyboards, converted or
 * recognized from print mixes letters that look alike: Serbian "Грejeм"
 * with Latin "e" and "j", Chuvash "вĕçне" with Latin "ĕ" and "ç", Ewe
 * "akpͻ" with a Greek "ͻ". Only where the word's script leads the text so
 * far, so that a Latin name glued to a suffix in Cyrillic text ("NBCның")
 * stays a Latin word and a Cyrillic one. */
static inline uint32_t lookalike_in_word(const gl_featurizer *fz, unsigned word_script, uint32_t cp,
                                         unsigned script)
{
    if (fz->script_weight[word_script] < fz->script_weight[script])
        return 0;
    return gl_unicode_lookalike(cp, word_script);
}

/* Featurizes one character of the text as NFC into the word w (next_props:
 * the properties of the character after it, 0 at the end). */
GL_INLINE size_t featurize(gl_featurizer *fz, word_regs *w, uint32_t cp, uint32_t props, uint32_t next_props,
                           uint32_t *restrict out, unsigned bits, unsigned max_n)
{
    unsigned cls = GL_PROP_CLASS(props);
    unsigned script = GL_PROP_SCRIPT(props);
    if (cls == GL_CLASS_OTHER) {
        if (cp == ' ') { /* the common case */
            w->token = TOKEN_START;
        } else {
            int in_word = w->group != OUTSIDE_WORD;
            unsigned was = w->token;
            w->token = token_after(fz, w->token, cp, in_word,
                                   cp == '.' && in_word && w->h[GL_WORD_LANE] == fz->www_hash);
            /* token_weight is the token's from its first character on (the
             * word a space closes still counts for the token before it) */
            if (was & TOKEN_START)
                w->token_weight = 0;
            if ((w->token & ~was) & TOKEN_LINK) { /* a link's letters so far were not language either */
                fz->skipped_weight += w->token_weight;
                fz->skipped_read += w->token_weight;
                w->token_weight = 0;
            }
        }
        return w->group == OUTSIDE_WORD ? 0 : close_word(fz, w, bits, max_n, out);
    }
    if (w->token) { /* at a token's start, or in one that is not language */
        /* Latin letters that are not language (and marks on them) separate
         * words, as other characters do. */
        if ((w->token & TOKEN_SKIP) && ((cls == GL_CLASS_LETTER && script == fz->latin) ||
                                        (cls == GL_CLASS_MARK && w->group == OUTSIDE_WORD))) {
            fz->skipped_weight += cls == GL_CLASS_LETTER ? GL_RUNNING_WEIGHT : 0;
            return w->group == OUTSIDE_WORD ? 0 : close_word(fz, w, bits, max_n, out);
        }
        if (w->token & TOKEN_START)
            w->token_weight = 0;
        if ((w->token & (TOKEN_DOT | TOKEN_LINK)) == TOKEN_DOT) /* "word.word" */
            fz->code_marks += 2;
        w->token &= ~(TOKEN_START | TOKEN_COLON | TOKEN_DOT | TOKEN_QUOTE);
    }

    size_t count = 0;
    int group = NO_GROUP;
    if (cls == GL_CLASS_LETTER) {
        if (script > GL_SCRIPT_INHERITED) {
            group = fz->group_of_script[script];
            /* A change of script ends the word, unless the letter is one
             * that looks like a letter of the word's script; a word's
             * first letter goes by the script of its second ("oд",
             * "Jужнe"). */
            unsigned next_script = GL_PROP_SCRIPT(next_props);
            if (w->group != group && w->group != OUTSIDE_WORD && w->group != NO_GROUP) {
                uint32_t lookalike = lookalike_in_word(fz, (unsigned)w->group, cp, script);
                if (lookalike)
                    return add_lookalike(w, lookalike, out, bits, max_n);
                count = close_word(fz, w, bits, max_n, out);
            } else if (w->group == OUTSIDE_WORD && next_script != script &&
                       GL_PROP_CLASS(next_props) == GL_CLASS_LETTER && next_script > GL_SCRIPT_INHERITED) {
                uint32_t lookalike = lookalike_in_word(fz, next_script, cp, script);
                if (lookalike) {
                    open_word(w, fz->group_of_script[next_script]);
                    return add_lookalike(w, lookalike, out, bits, max_n);
                }
            }
            unsigned weight = fz->weight_of_script[script];
            if (weight) {
                fz->letters++;
                fz->script_weight[script] += weight;
                fz->seen[script / 64] |= 1ull << (script % 64);
            } else {
                w->cased_letters++; /* counted when the word ends */
            }
        }
        if (props & GL_PROP_HAS_LOWER) {
            cp = cp < 0x80 ? cp + ('a' - 'A') : gl_unicode_lower(cp);
            w->capital = 1;
        }
    }
    if (w->group == OUTSIDE_WORD)
        open_word(w, group);
    else if (w->group == NO_GROUP)
        w->group = group;
    return count + add_letter(w, cp, out + count, bits, max_n);
}

/* Whether featurizing the held character is only adding it to the word:
 * a letter without a lowercase of its own, of the script of the word,
 * whose letters weigh by their word (featurizer.h), in a token that is
 * language. That is most characters of most texts, and featurize() asks
 * all of this one test at a time. */
GL_INLINE int plain_letter(const gl_featurizer *fz, const word_regs *w)
{
    uint32_t props = w->held_props;
    return GL_PROP_CLASS(props) == GL_CLASS_LETTER && !(props & GL_PROP_HAS_LOWER) &&
           GL_PROP_SCRIPT(props) == (unsigned)w->group && w->group != NO_GROUP && !w->token &&
           !fz->weight_of_script[w->group];
}

/* Takes one character in: composed with the one held back when the two
 * compose, else the held one is featurized and this one held. */
GL_INLINE size_t take(gl_featurizer *fz, word_regs *w, uint32_t cp, uint32_t props, uint32_t *restrict out,
                      unsigned bits, unsigned max_n)
{
    if (props & GL_PROP_COMPOSES) {
        uint32_t both = gl_unicode_compose(w->held, cp);
        if (both) {
            w->held = both;
            w->held_props = gl_unicode_props(both);
            return 0;
        }
    }
    size_t count = featurize(fz, w, w->held, w->held_props, props, out, bits, max_n);
    w->held = cp;
    w->held_props = props;
    return count;
}

static size_t push_folded(gl_featurizer *fz, uint32_t cp, uint32_t *out);

/* One code point into the word w. */
GL_INLINE size_t push(gl_featurizer *fz, word_regs *w, uint32_t cp, uint32_t *restrict out, unsigned bits,
                      unsigned max_n)
{
    uint32_t props = gl_unicode_props(cp);
    if (__builtin_expect(!(props & (GL_PROP_FOLDS | GL_PROP_COMPOSES)), 1)) { /* take() in short */
        size_t count;
        if (plain_letter(fz, w)) { /* featurize() in short */
            w->cased_letters++;
            count = add_letter(w, w->held, out, bits, max_n);
        } else {
            count = featurize(fz, w, w->held, w->held_props, props, out, bits, max_n);
        }
        w->held = cp;
        w->held_props = props;
        return count;
    }
    if (!(props & GL_PROP_FOLDS))
        return take(fz, w, cp, props, out, bits, max_n);
    /* Rare: out of line, the word passed through fz, so that the hot loop
     * keeps it in registers. */
    store_word(&fz->word, w);
    size_t count = push_folded(fz, cp, out);
    *w = load_word(&fz->word);
    return count;
}

/* A code point with a compatibility fold: its fold's code points in turn. */
static __attribute__((noinline)) size_t push_folded(gl_featurizer *fz, uint32_t cp, uint32_t *out)
{
    uint32_t folded[GL_FOLD_MAX];
    unsigned n = gl_unicode_fold(cp, folded);
    word_regs w = load_word(&fz->word);
    size_t count = 0;
    for (unsigned i = 0; i < n; i++)
        count += take(fz, &w, folded[i], gl_unicode_props(folded[i]), out + count, fz->bucket_bits, fz->max_n);
    store_word(&fz->word, &w);
    return count;
}

/* What a text starts after: a space, held back (so that nothing composes
 * with the text's first character). */
static void hold_a_space(gl_word_state *w)
{
    w->held = ' ';
    w->held_props = gl_unicode_props(' ');
}

void gl_featurizer_init(gl_featurizer *fz, unsigned max_n, unsigned bucket_bits)
{
    memset(fz, 0, sizeof *fz);
    fz->max_n = max_n < 1 ? 1 : max_n > GL_MAX_NGRAM ? GL_MAX_NGRAM : max_n;
    fz->bucket_bits = bucket_bits < 1 ? 1 : bucket_bits > 32 ? 32 : bucket_bits;
    for (unsigned s = 0; s < GL_SCRIPT_SLOTS; s++)
        fz->group_of_script[s] = (uint8_t)s; /* weight 0: by the word */
    /* Japanese mixes Han and Kana inside words, Korean Hangul and Han. */
    static const char *const east_asian[] = {"Hani", GL_JAPANESE_HAN_CODE, "Hira", "Kana", "Hang", "Bopo", "Yiii"};
    int han = gl_script_from_code("Hani");
    for (size_t i = 0; i < sizeof east_asian / sizeof east_asian[0]; i++) {
        int s = gl_script_from_code(east_asian[i]);
        if (s >= 0 && han >= 0) {
            fz->group_of_script[s] = (uint8_t)han;
            fz->weight_of_script[s] = GL_EAST_ASIAN_WEIGHT;
        }
    }
    fz->latin = (unsigned)gl_script_from_code("Latn");
    word_regs www = {.chars = 0};
    www.h[GL_WORD_LANE] = WORD_SEED;
    remember(&www, BOUNDARY);
    for (int i = 0; i < 3; i++)
        remember(&www, 'w');
    fz->www_hash = www.h[GL_WORD_LANE];
    gl_featurizer_reset(fz);
}

void gl_featurizer_reset(gl_featurizer *fz)
{
    memset(fz->word.lanes, 0, sizeof fz->word.lanes);
    fz->word.chars = 0;
    fz->word.group = OUTSIDE_WORD;
    fz->word.cased_letters = 0;
    fz->word.capital = 0;
    fz->word.token = TOKEN_START;
    fz->word.token_weight = 0;
    hold_a_space(&fz->word);
    gl_featurizer_clear_counts(fz);
}

void gl_featurizer_clear_counts(gl_featurizer *fz)
{
    for (unsigned w = 0; w < GL_SCRIPT_SLOTS / 64; w++) { /* the weights that are not 0 */
        for (uint64_t bits = fz->seen[w]; bits; bits &= bits - 1)
            fz->script_weight[w * 64 + (unsigned)__builtin_ctzll(bits)] = 0;
        fz->seen[w] = 0;
    }
    fz->letters = 0;
    fz->line_breaks = 0;
    fz->code_marks = 0;
    fz->skipped_weight = 0;
    fz->skipped_read = 0;
}

void gl_featurizer_rows(gl_featurizer *fz, const int8_t *rows, size_t row_bytes)
{
    fz->rows = rows;
    fz->row_bytes = row_bytes;
}

/* Asks for the rows of buckets[0 .. count) (gl_featurizer_rows). Fetched
 * here rather than when summed, the rows of a text arrive while the next
 * characters are featurized: ood lines were 10 % faster (glossa_driver,
 * one core) than with every row of a batch asked for just before its sum. */
static inline void fetch_rows(const gl_featurizer *fz, const uint32_t *buckets, size_t count)
{
    if (fz->rows)
        for (size_t i = 0; i < count; i++)
            __builtin_prefetch(fz->rows + (size_t)buckets[i] * fz->row_bytes);
}

size_t gl_featurizer_push(gl_featurizer *fz, uint32_t cp, uint32_t *out)
{
    word_regs w = load_word(&fz->word);
    size_t count = push(fz, &w, cp, out, fz->bucket_bits, fz->max_n);
    store_word(&fz->word, &w);
    fetch_rows(fz, out, count);
    return count;
}

GL_INLINE size_t feed_utf8(gl_featurizer *fz, const unsigned char *s, size_t len, uint32_t *restrict out,
                           size_t room, size_t *written, unsigned max_n)
{
    word_regs w = load_word(&fz->word);
    unsigned bits = fz->bucket_bits;
    size_t i = 0, n = 0;
    while (i < len && n + GL_FEATURE_BURST <= room) {
        uint32_t cp;
        i += gl_utf8_next_fast(s + i, len - i, &cp);
        size_t count = push(fz, &w, cp, out + n, bits, max_n);
        fetch_rows(fz, out + n, count);
        n += count;
    }
    store_word(&fz->word, &w);
    *written = n;
    return i;
}

static GL_SIMD_CLONES size_t feed_utf8_any(gl_featurizer *fz, const unsigned char *s, size_t len, uint32_t *out,
                                           size_t room, size_t *written)
{
    if (fz->max_n == GL_MAX_NGRAM)
        return feed_utf8(fz, s, len, out, room, written, GL_MAX_NGRAM);
    return feed_utf8(fz, s, len, out, room, written, fz->max_n);
}

size_t gl_featurizer_feed_utf8(gl_featurizer *fz, const unsigned char *s, size_t len, uint32_t *out, size_t room,
                               size_t *written)
{
    return feed_utf8_any(fz, s, len, out, room, written);
}

size_t gl_featurizer_finish(gl_featurizer *fz, uint32_t *out)
{
    word_regs w = load_word(&fz->word);
    size_t count = featurize(fz, &w, w.held, w.held_props, 0, out, fz->bucket_bits, fz->max_n);
    if (w.group != OUTSIDE_WORD)
        count += close_word(fz, &w, fz->bucket_bits, fz->max_n, out + count);
    store_word(&fz->word, &w);
    fetch_rows(fz, out, count);
    hold_a_space(&fz->word);
    return count;
}
