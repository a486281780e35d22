/* Which scripts a language is written in, and which languages a text's
 * letters allow. */
#ifndef GLOSSA_SCRIPT_SETS_H
#define GLOSSA_SCRIPT_SETS_H

#include <stdint.h>

#include "featurizer.h"

typedef struct gl_script_set {
    uint64_t bits[GL_SCRIPT_SLOTS / 64];
} gl_script_set;

/* The scripts of an ISO 15924 code as languages.tsv gives it. Most codes
 * name one script; the writing systems of East Asia name several: "Jpan" is
 * Han, Hiragana and Katakana, "Kore" Hangul and Han, "Hans" and "Hant" are
 * Han. Returns 0, or -1 for an unknown code. */
int gl_script_set_from_code(const char *code, gl_script_set *out);

/* Letter weight of a text (gl_featurizer.script_weight) in the scripts of
 * a set. */
uint64_t gl_script_set_weight(const gl_script_set *set, const uint64_t *script_weight);

int gl_script_set_equal(const gl_script_set *a, const gl_script_set *b);

#endif
