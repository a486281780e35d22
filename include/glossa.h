/*
 * glossa: language identification for UTF-8 text.
 *
 * The one public header of libglossa. Everything not declared here is
 * internal and may change without notice.
 *
 * Model and detector
 *   A glossa_model is immutable once loaded: any number of threads may use
 *   one model at the same time. A glossa_detector holds the per-thread
 *   scratch space (and the state of a streamed document); it belongs to one
 *   thread at a time. Detection never allocates: all memory is taken when
 *   the model and the detector are created.
 *
 * Errors
 *   Functions that can fail return an int: GLOSSA_OK (0) or a negative
 *   glossa_status, so "!= GLOSSA_OK" tests any of them for failure (only
 *   glossa_model_find_language() returns an index, 0 or more, instead).
 *   glossa_strerror() names a status. Every *_free accepts NULL.
 *
 * Input
 *   Text is UTF-8 of any length. Invalid sequences are read as U+FFFD and
 *   never read past the given length; NUL bytes are ordinary characters.
 *   Text without letters gives GLOSSA_UND.
 */
#ifndef GLOSSA_H
#define GLOSSA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(GLOSSA_BUILDING) && defined(__GNUC__)
#define GLOSSA_API __attribute__((visibility("default")))
#else
#define GLOSSA_API
#endif

/* Version. MAJOR changes break the API or the model format, MINOR adds to
 * them, PATCH changes neither. */
#define GLOSSA_VERSION_MAJOR 0
#define GLOSSA_VERSION_MINOR 1
#define GLOSSA_VERSION_PATCH 0
#define GLOSSA_VERSION_NUMBER \
    (GLOSSA_VERSION_MAJOR * 10000 + GLOSSA_VERSION_MINOR * 100 + GLOSSA_VERSION_PATCH)
#define GLOSSA_VERSION_STRING "0.1.0"

/* The library's version as "MAJOR.MINOR.PATCH", and as a number. */
GLOSSA_API const char *glossa_version(void);
GLOSSA_API unsigned glossa_version_number(void);

/* ---- Errors ------------------------------------------------------------ */

typedef enum glossa_status {
    GLOSSA_OK = 0,
    GLOSSA_E_INVALID_ARGUMENT = -1, /* NULL where a value is needed, k == 0, ... */
    GLOSSA_E_NO_MEMORY = -2,
    GLOSSA_E_IO = -3,               /* the model file could not be read (see errno) */
    GLOSSA_E_MODEL_FORMAT = -4,     /* not a glossa model, truncated or inconsistent */
    GLOSSA_E_MODEL_VERSION = -5,    /* a glossa model of a format this library does not read */
    GLOSSA_E_MODEL_CHECKSUM = -6,   /* the model's contents do not match its checksum */
    GLOSSA_E_UNKNOWN_LANGUAGE = -7, /* a tag that names no language ("xx"), or several where one is asked for */
    GLOSSA_E_STREAM_STATE = -8,     /* stream calls out of order */
    GLOSSA_E_SPACE = -9,            /* more results than the caller's array holds */
    GLOSSA_E_NOT_IN_MODEL = -10     /* a language that the model does not hold ("tlh", Klingon) */
} glossa_status;

/* A short English description of a status; never NULL. */
GLOSSA_API const char *glossa_strerror(int status);

/* ---- Models ------------------------------------------------------------ */

typedef struct glossa_model glossa_model;

/* The model compiled into the library: no file is read. */
GLOSSA_API int glossa_model_load_default(glossa_model **out);
/* A model file written by glossa-train. The file is verified (format
 * version, sizes, checksum) before it is used. */
GLOSSA_API int glossa_model_load_file(const char *path, glossa_model **out);
/* The same from bytes in memory; the bytes are copied. */
GLOSSA_API int glossa_model_load_memory(const void *data, size_t size, glossa_model **out);
GLOSSA_API void glossa_model_free(glossa_model *model);

/* Hex digest of the training corpus files the model was trained from. */
GLOSSA_API const char *glossa_model_corpus(const glossa_model *model);

/* ---- Languages --------------------------------------------------------- */

/* Index of "undetermined": no letters, or no language of the model (or of
 * the allowlist) writes the script of the text. */
#define GLOSSA_UND (-1)

typedef struct glossa_language {
    const char *tag;      /* BCP 47: "nl", "sr-Cyrl", "zh-Hans", "und" */
    const char *iso;      /* ISO 639-3 and ISO 15924: "nld_Latn" */
    const char *iso639_3; /* "nld" */
    const char *name;     /* English name: "Dutch" */
    const char *script;   /* ISO 15924: "Latn" */
} glossa_language;

/* The model's languages, its non-language class (GLOSSA_NON_LANGUAGE_TAG)
 * among them where it has one. */
GLOSSA_API int glossa_model_language_count(const glossa_model *model);
/* Metadata of language index (0 .. count-1), or of GLOSSA_UND; NULL for any
 * other index. The strings live as long as the model. */
GLOSSA_API const glossa_language *glossa_model_language(const glossa_model *model, int index);
/* Tags name a model's languages, without regard to case, as BCP 47 lookup
 * (RFC 4647) and CLDR match them:
 *   - the model's own codes: "sr-Latn", "nb", "srp_Latn", "nob";
 *   - any ISO 639 code for the language: ISO 639-1, 639-3 and 639-2/B
 *     ("de", "deu", "ger"), and codes no longer current ("iw", "in", "ji",
 *     "mo" for he, id, yi, ro);
 *   - a code the model does not hold stands for the related languages that
 *     it holds: a macrolanguage's member for the macrolanguage ("cmn" and
 *     "zh", "arb" and "ar", "zsm" and "ms"), a macrolanguage for its members
 *     ("no" is nb and nn), a code for the one that replaces it or that it
 *     replaces ("fil" and "tl");
 *   - a script subtag picks that script ("zh-Hant", "sr-Cyrl"); a region
 *     picks the script that CLDR's likely subtags give the language there,
 *     where the model holds the language in it ("zh-TW", "zh-HK", "zh-MO":
 *     zh-Hant; "zh-CN", "zh-SG": zh-Hans; "sr-ME": sr-Latn); otherwise a
 *     region, like variants and extensions, does not change the language
 *     ("de-DE", "pt-BR", "en-US", "es-419", "de-CH-1996", "en-US-x-twain");
 *   - the English name of the language ("Dutch", "Filipino").
 * The ISO 639 data come from Debian's iso-codes, the IANA subtag registry
 * and CLDR (tools/gen_language_codes.py). */

/* The index of the one language that a tag names. GLOSSA_E_NOT_IN_MODEL for
 * a language the model does not hold ("tlh", Klingon), and
 * GLOSSA_E_UNKNOWN_LANGUAGE for a tag that is no language ("xx") or names
 * several ("sr": sr-Cyrl and sr-Latn; glossa_langset_add() accepts those). */
GLOSSA_API int glossa_model_find_language(const glossa_model *model, const char *tag);
/* The English name of the ISO 639 language that a tag names, whatever the
 * model ("de-AT", "ger": "German"; "tlh": "Klingon"), for messages such as
 * "Klingon is not in this model"; NULL for a tag that is no language. The
 * string is static. */
GLOSSA_API const char *glossa_language_name(const char *tag);

/* ---- Allowlists -------------------------------------------------------- */

#define GLOSSA_MAX_LANGUAGES 1024

/* A set of languages of one model, to restrict an answer to. A plain value:
 * copy it, keep it, share it between threads. */
typedef struct glossa_langset {
    uint64_t bits[GLOSSA_MAX_LANGUAGES / 64];
} glossa_langset;

GLOSSA_API void glossa_langset_clear(glossa_langset *set);
/* Every language of the model (its non-language class too): where a list
 * of exceptions starts, as franc's ignore list does. */
GLOSSA_API void glossa_langset_fill(glossa_langset *set, const glossa_model *model);
/* Adds every language that tag names ("sr" adds sr-Cyrl and sr-Latn, "zh"
 * both Chinese scripts, "no" both Norwegian standards). Returns GLOSSA_OK,
 * or GLOSSA_E_NOT_IN_MODEL or GLOSSA_E_UNKNOWN_LANGUAGE with set unchanged. */
GLOSSA_API int glossa_langset_add(glossa_langset *set, const glossa_model *model, const char *tag);
GLOSSA_API int glossa_langset_has(const glossa_langset *set, int index);
/* How many languages set holds (so how many an add gave a set that held
 * none of them). */
GLOSSA_API int glossa_langset_count(const glossa_langset *set);

/* Lists of tags, as a user types them (--only in the CLI, only= in Python,
 * the allowlist argument in SQLite): tags separated by commas, with spaces
 * or tabs around them if one likes ("en,de, nl", "Norwegian Bokmål, sr");
 * empty items are skipped. */
#define GLOSSA_LIST_MESSAGE_SIZE 128

/* What a list's first failing tag was, and why. */
typedef struct glossa_list_error {
    size_t offset, length; /* the tag: list[offset .. offset + length) (0, 0 for no tag at all) */
    /* In English, for the user: "Klingon is not in this model", "unknown
     * language 'xx'", "no language given". NUL-terminated. */
    char message[GLOSSA_LIST_MESSAGE_SIZE];
} glossa_list_error;

/* Adds (or removes) the languages of every tag of list. Returns GLOSSA_OK,
 * or, with set unchanged and *error (when not NULL) filled:
 * GLOSSA_E_NOT_IN_MODEL or GLOSSA_E_UNKNOWN_LANGUAGE for the first tag that
 * names no language of the model, GLOSSA_E_INVALID_ARGUMENT for a list of no
 * tag ("", " , ") or a NULL argument. */
GLOSSA_API int glossa_langset_add_list(glossa_langset *set, const glossa_model *model, const char *list,
                                       glossa_list_error *error);
GLOSSA_API int glossa_langset_remove_list(glossa_langset *set, const glossa_model *model, const char *list,
                                          glossa_list_error *error);

/* ---- Detection --------------------------------------------------------- */

typedef struct glossa_detector glossa_detector;

GLOSSA_API int glossa_detector_create(const glossa_model *model, glossa_detector **out);
GLOSSA_API void glossa_detector_free(glossa_detector *detector);

/* Language priors. On a word or two the text alone often cannot tell a
 * language from a smaller neighbour that shares the word ("mañana" is
 * Spanish and Asturian): the population prior then prefers the language
 * that more people write, from CLDR's territory data (population x the
 * language's share x its writing share, summed over territories; a floor
 * for languages CLDR does not list). It adds strength x ln(share of
 * writers) to each language's logit, so it decides near ties on short
 * input and fades on a sentence, whose evidence is far stronger. The flat
 * prior treats every language alike: the model's own answer.
 *
 * A new detector has GLOSSA_PRIOR_POPULATION at GLOSSA_PRIOR_STRENGTH;
 * glossa_detector_set_prior() changes it for every later call (strength
 * 0 .. 10, ignored for GLOSSA_PRIOR_FLAT). */
#define GLOSSA_PRIOR_FLAT 0
#define GLOSSA_PRIOR_POPULATION 1
#define GLOSSA_PRIOR_STRENGTH 0.3f
GLOSSA_API int glossa_detector_set_prior(glossa_detector *detector, int prior, float strength);

/* One candidate language with its probability. Probabilities are
 * calibrated for text unlike the model's train text: of all answers given
 * with probability 0.9, about 90 % are right. (The model's softmax
 * temperature is fitted on train files it was kept from; on text of its
 * own train sources, answers are right more often than that.) */
typedef struct glossa_guess {
    int language;      /* index into the model, or GLOSSA_UND */
    float probability; /* 0 for GLOSSA_UND */
} glossa_guess;

typedef struct glossa_result {
    size_t count;  /* guesses written, best first (1 .. k) */
    int reliable;  /* 1 when the best guess has probability >= GLOSSA_RELIABLE, is a
                      language (not the non-language class), and the text is not
                      mixed: no part of it (GLOSSA_MIXED_SHARE or more) is, on its
                      own, surely in another language */
    size_t letters; /* letters the answer rests on */
} glossa_result;

#define GLOSSA_RELIABLE 0.7f

/* Text that is not language (keyboard mash, laughter, random letters) is
 * answered with the model's non-language class, tag "zxx" (ISO 639: no
 * linguistic content), where the model has it; such an answer is never
 * reliable, and spans are never labelled with it. */
#define GLOSSA_NON_LANGUAGE_TAG "zxx"

/* A threshold, as fastText's predict-prob k threshold: guesses below
 * min_probability (0 .. 1) are left out, and when even the best is below
 * it the answer is {GLOSSA_UND, 0}. A new detector has 0 (every guess);
 * this changes it for every later call of glossa_detect() and
 * glossa_stream_end() (spans are not cut by it). */
GLOSSA_API int glossa_detector_set_min_probability(glossa_detector *detector, float min_probability);

/* Identifies the language of text[0 .. len). Writes up to k guesses, best
 * first, into guesses (k >= 1). only, if not NULL, restricts the answer to
 * those languages. result may be NULL. When nothing can be said (no
 * letters, or no guess up to the detector's minimum probability),
 * guesses[0] is {GLOSSA_UND, 0} and count is 1. */
GLOSSA_API int glossa_detect(glossa_detector *detector, const char *text, size_t len,
                             const glossa_langset *only, glossa_guess *guesses, size_t k,
                             glossa_result *result);

/* The same for a document given in pieces of any size (split anywhere, even
 * inside a UTF-8 sequence), in bounded memory: begin, feed any number of
 * times, end. glossa_detect() is begin + feed + end. */
GLOSSA_API int glossa_stream_begin(glossa_detector *detector, const glossa_langset *only);
GLOSSA_API int glossa_stream_feed(glossa_detector *detector, const char *chunk, size_t len);
GLOSSA_API int glossa_stream_end(glossa_detector *detector, glossa_guess *guesses, size_t k,
                                 glossa_result *result);

/* ---- Spans: the languages of a mixed document --------------------------
 *
 * A document is cut into small units (sentences and clauses, at most a few
 * words long, and runs of one script); each unit is scored, and the best
 * labelling of the whole sequence is chosen with a penalty for every change
 * of language (Viterbi), so that a name or a short quote does not split a
 * sentence. Neighbouring units of one language merge into a span.
 *
 * Spans cover the input without gap or overlap, in order, and their
 * offsets fall on UTF-8 character boundaries (as decoded: an ill-formed
 * sequence is one character). Text without letters never forms a span of
 * its own: between two spans, what follows the last whitespace belongs to
 * the second span, the rest to the first. A document without letters is
 * one span of GLOSSA_UND; an empty one has no span. */

#define GLOSSA_EXCERPT_SIZE 48

typedef struct glossa_span {
    size_t start, end;  /* bytes [start, end) of the document */
    int language;       /* index into the model, or GLOSSA_UND */
    float probability;  /* of language, for the span's text as a whole */
    size_t letters;     /* letters in the span */
    /* The span's first characters, for display: NUL-terminated UTF-8 (ill-
     * formed input as U+FFFD, control characters as spaces), cut at a
     * character boundary. */
    char excerpt[GLOSSA_EXCERPT_SIZE];
} glossa_span;

/* What a document holds, as CLD2 reports it: its languages by their share
 * of the document's letters. */
#define GLOSSA_SUMMARY_MAX 8
/* A document is mixed when a second language holds at least this share of
 * its letters. */
#define GLOSSA_MIXED_SHARE 0.05f

typedef struct glossa_share {
    int language;
    float share;    /* of the document's letters, 0 .. 1 */
    size_t letters;
} glossa_share;

typedef struct glossa_summary {
    size_t count;                           /* languages in top, largest share first */
    glossa_share top[GLOSSA_SUMMARY_MAX];
    size_t spans;                           /* spans in the document */
    size_t letters;                         /* letters in the document */
    int mixed;                              /* see GLOSSA_MIXED_SHARE */
} glossa_summary;

/* The spans of text[0 .. len) into spans[0 .. capacity). *count receives
 * the number of spans in the document; when it exceeds capacity, the first
 * capacity spans are written and GLOSSA_E_SPACE is returned. only, if not
 * NULL, restricts the languages; summary may be NULL.
 *
 * glossa_spans(det, text, len, only, NULL, 0, &n, NULL) is a size query,
 * as snprintf(NULL, 0, ...) is: it writes no span, sets n to the number of
 * spans and returns GLOSSA_E_SPACE (GLOSSA_OK when n is 0, for an empty
 * text); a second call with room for n spans then gives GLOSSA_OK. */
GLOSSA_API int glossa_spans(glossa_detector *detector, const char *text, size_t len,
                            const glossa_langset *only, glossa_span *spans, size_t capacity,
                            size_t *count, glossa_summary *summary);

/* The same for a document given in pieces of any size, in one pass and
 * bounded memory: each span goes to on_span as soon as it and the span
 * after it are decided, in order (a span is decided at most a few hundred
 * units after its end, and all are by glossa_spans_end). */
typedef void (*glossa_span_fn)(void *user, const glossa_span *span);

GLOSSA_API int glossa_spans_begin(glossa_detector *detector, const glossa_langset *only,
                                  glossa_span_fn on_span, void *user);
GLOSSA_API int glossa_spans_feed(glossa_detector *detector, const char *chunk, size_t len);
GLOSSA_API int glossa_spans_end(glossa_detector *detector, glossa_summary *summary);

#ifdef __cplusplus
}
#endif
#endif /* GLOSSA_H */
