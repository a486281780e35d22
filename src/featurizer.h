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
 * Text is read as NFC, whatever its form: a combining mark (or a Hangul
 * vowel or final) composes with the character before it, and the
 * compatibility forms of letters (fullwidth, ligatures, mathematical and
 * circled letters, Arabic presentation forms) are read as the letters they
 * stand for. So each code point is featurized one step late, once the next
 * one has shown that nothing composes with it.
 *
 * Parts of a token (a run of characters between spaces) that are not
 * language give no features and no letters: in Latin script, what follows a
 * digit ("S24", hashes, base64), "@" (e-mail addresses, @handles), a "#"
 * (#hashtags), "://" or "www." (links).
 *
 * Characters typical of code and markup are counted (code_marks), so that
 * source code, markup and JSON can be told from language.
 *
 * The letters of each script are counted for choosing candidate languages,
 * by what their word is: the letters of a word with a capital (a name, a
 * brand, an acronym: "Apple", "iPhone", "USB") weigh GL_NAME_WEIGHT, those
 * of a word in lowercase GL_RUNNING_WEIGHT, so that the running text of a
 * sentence outweighs the Latin-script names in it. (Han, Kana and Hangul,
 * which have no case, weigh their letters more: a character holds more of
 * a word.)
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
/* Room a code point needs in the featurizer's output. Featurizing one
 * character gives at most 2 * max_n features (closing the previous word:
 * max_n - 1 n-grams and the word; opening the next: max_n n-grams at most),
 * written as whole SIMD stores of GL_HASH_LANES slots, of which only the
 * counted ones are features. One code point in featurizes at most three
 * characters: the one held back, and the first two of a fold. */
#define GL_FEATURE_BURST 40
#define GL_SCRIPT_SLOTS 256

/* Letter weights for choosing candidates (above). */
#define GL_RUNNING_WEIGHT 4u
#define GL_NAME_WEIGHT 1u
#define GL_EAST_ASIAN_WEIGHT (3u * GL_RUNNING_WEIGHT)

/* The n-gram hashes of a word are the lanes of one SIMD register:
 * lane n - 1 holds the n-gram ending at the newest code point, for n up to
 * GL_MAX_NGRAM, and the last lane the whole word so far. */
#define GL_HASH_LANES 8
#define GL_WORD_LANE (GL_HASH_LANES - 1)

/* The word being read. */
typedef struct gl_word_state {
    uint32_t lanes[GL_HASH_LANES]; /* the hashes (n-grams: n <= chars + 1 only) */
    unsigned chars;                /* code points of the word so far, saturating past GL_MAX_WORD_CHARS */
    int group;              /* script group of the word, -1 outside a word */
    unsigned cased_letters; /* letters of the word in a script of one letter weight, counted when it ends */
    unsigned capital;       /* whether one of them is a capital */
    unsigned token;         /* what the token so far is (featurizer.c) */
    uint64_t token_weight;  /* Latin letter weight of the token's words so far */
    uint32_t held;          /* the code point read but not featurized yet (a space before a text) */
    uint32_t held_props;
} gl_word_state;


typedef struct gl_featurizer {
    /* configuration */
    unsigned max_n;
    unsigned bucket_bits;
    gl_word_state word;
    /* letter weight per script, for choosing candidate languages, and the
     * bitset of the scripts it is not 0 for */
    uint64_t script_weight[GL_SCRIPT_SLOTS];
    uint64_t seen[GL_SCRIPT_SLOTS / 64];
    uint64_t letters;
    uint64_t line_breaks; /* LF: a document of several lines may mix languages line by line */
    uint64_t code_marks;  /* what tells of code and markup: 2 for each [ ] { } < > = ; * + | \ _ $ & ^ ~ ` /
                             and "." between words (obj.method), 1 for each ( ) */
    /* Latin letter weight that is not language: the letters skipped after
     * a digit or the mark of a link, an address, a handle or a tag, and a
     * link's letters before its mark (skipped_read: those, which
     * script_weight holds too, read as words before the token showed what
     * it is) */
    uint64_t skipped_weight, skipped_read;
    /* per script: the word-splitting group, and the weight of one letter
     * (0: by its word, as above) */
    uint8_t group_of_script[GL_SCRIPT_SLOTS];
    uint8_t weight_of_script[GL_SCRIPT_SLOTS];
    unsigned latin;    /* the script id of Latin */
    uint32_t www_hash; /* the word lane after "www" */
    /* the rows the caller sums for each bucket id, or NULL: each is
     * fetched into cache as soon as its feature is made, so that the
     * featurizing of the next characters hides the wait (gl_featurizer_rows) */
    const int8_t *rows;
    size_t row_bytes;
} gl_featurizer;

void gl_featurizer_init(gl_featurizer *fz, unsigned max_n, unsigned bucket_bits);
/* Fetch row b of rows (row_bytes each) into cache for every bucket id b
 * the featurizer writes from now on: the detector sums those rows. */
void gl_featurizer_rows(gl_featurizer *fz, const int8_t *rows, size_t row_bytes);
/* Forget the text so far (configuration stays). */
void gl_featurizer_reset(gl_featurizer *fz);

/* Forget the letter counts (script_weight, letters) but not the word in
 * progress: the span finder counts each unit of text apart. */
void gl_featurizer_clear_counts(gl_featurizer *fz);

/* Feeds one code point; writes the bucket ids of the features it completes
 * to out (room for GL_FEATURE_BURST) and returns how many. */
size_t gl_featurizer_push(gl_featurizer *fz, uint32_t cp, uint32_t *out);
/* Feeds the code points of the UTF-8 text s[0 .. len) (ill-formed
 * sequences, a cut-short one at the end included, read as U+FFFD, as
 * gl_utf8_next reads them), exactly as gl_featurizer_push would, but
 * faster: the word in progress stays in registers. Stops early when fewer
 * than GL_FEATURE_BURST of the room slots of out are left. Writes the
 * bucket ids to out, their number to *written, and returns the bytes
 * read. */
size_t gl_featurizer_feed_utf8(gl_featurizer *fz, const unsigned char *s, size_t len, uint32_t *out, size_t room,
                               size_t *written);
/* Ends the text: featurizes the code point held back and closes the last
 * word. */
size_t gl_featurizer_finish(gl_featurizer *fz, uint32_t *out);

#endif
