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
 *   glossa_status. glossa_strerror() names it. Every *_free accepts NULL.
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
    GLOSSA_E_UNKNOWN_LANGUAGE = -7, /* a tag that names no language of the model */
    GLOSSA_E_STREAM_STATE = -8      /* stream calls out of order */
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

GLOSSA_API int glossa_model_language_count(const glossa_model *model);
/* Metadata of language index (0 .. count-1), or of GLOSSA_UND; NULL for any
 * other index. The strings live as long as the model. */
GLOSSA_API const glossa_language *glossa_model_language(const glossa_model *model, int index);
/* The index of the one language that a tag names, matched without regard to
 * case: a BCP 47 tag ("sr-Latn", "nb"), ISO 639-3 with or without script
 * ("srp_Latn", "nob"), or the name ("Dutch"). A tag that names several
 * languages ("sr": sr-Cyrl and sr-Latn) or none gives
 * GLOSSA_E_UNKNOWN_LANGUAGE; glossa_langset_add() accepts those. */
GLOSSA_API int glossa_model_find_language(const glossa_model *model, const char *tag);

/* ---- Allowlists -------------------------------------------------------- */

#define GLOSSA_MAX_LANGUAGES 1024

/* A set of languages of one model, to restrict an answer to. A plain value:
 * copy it, keep it, share it between threads. */
typedef struct glossa_langset {
    uint64_t bits[GLOSSA_MAX_LANGUAGES / 64];
} glossa_langset;

GLOSSA_API void glossa_langset_clear(glossa_langset *set);
/* Adds every language that tag names ("sr" adds sr-Cyrl and sr-Latn, "zh"
 * both Chinese scripts). Returns how many were added (>= 1), or
 * GLOSSA_E_UNKNOWN_LANGUAGE. */
GLOSSA_API int glossa_langset_add(glossa_langset *set, const glossa_model *model, const char *tag);
GLOSSA_API int glossa_langset_has(const glossa_langset *set, int index);

/* ---- Detection --------------------------------------------------------- */

typedef struct glossa_detector glossa_detector;

GLOSSA_API int glossa_detector_create(const glossa_model *model, glossa_detector **out);
GLOSSA_API void glossa_detector_free(glossa_detector *detector);

/* One candidate language with its probability. Probabilities are
 * calibrated: of all answers given with probability 0.9, about 90 % are
 * right. */
typedef struct glossa_guess {
    int language;      /* index into the model, or GLOSSA_UND */
    float probability; /* 0 for GLOSSA_UND */
} glossa_guess;

typedef struct glossa_result {
    size_t count;  /* guesses written, best first (1 .. k) */
    int reliable;  /* 1 when the best guess has probability >= GLOSSA_RELIABLE */
    size_t letters; /* letters the answer rests on */
} glossa_result;

#define GLOSSA_RELIABLE 0.7f

/* Identifies the language of text[0 .. len). Writes up to k guesses, best
 * first, into guesses (k >= 1). only, if not NULL, restricts the answer to
 * those languages. result may be NULL. When nothing can be said, guesses[0]
 * is {GLOSSA_UND, 0} and count is 1. */
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

#ifdef __cplusplus
}
#endif
#endif /* GLOSSA_H */
