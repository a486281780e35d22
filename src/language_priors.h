/* Language priors: how many people write each language the corpus knows,
 * from CLDR's territory data (tools/gen_priors.py generates the table in
 * language_priors.c), keyed like the model's `iso` field ("nld_Latn"). */
#ifndef GLOSSA_LANGUAGE_PRIORS_H
#define GLOSSA_LANGUAGE_PRIORS_H

#include <stddef.h>

typedef struct {
    const char *iso; /* ISO 639-3 code and ISO 15924 script: "spa_Latn", "zho_Hant" */
    float writers;   /* people who write it, never below GL_PRIOR_FLOOR_WRITERS */
} gl_language_prior;

/* Sorted by iso in strcmp order, without duplicates. */
extern const gl_language_prior gl_language_priors[];
extern const size_t gl_language_prior_count;

/* The writers of a language CLDR does not list (Latin, Esperanto, many small
 * languages), and the minimum of every entry: FLOOR_WRITERS in
 * tools/gen_priors.py. */
#define GL_PRIOR_FLOOR_WRITERS 10000.0f

/* The writers of the language with this iso key (binary search), or
 * GL_PRIOR_FLOOR_WRITERS for a key not in the table or NULL. */
float gl_language_writers(const char *iso);

/* For languages with keys isos[0 .. n): the ln of each one's writers
 * against the most written of them (0 for it, negative for the others),
 * into out[0 .. n). */
void gl_log_writer_shares(const char *const *isos, size_t n, float *out);

#endif
