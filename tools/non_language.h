/* Made-up text that is not language, for the trainer's non-language class. */
#ifndef GLOSSA_NON_LANGUAGE_H
#define GLOSSA_NON_LANGUAGE_H

#include <stddef.h>
#include <stdint.h>

/* About `bytes` of lines of keyboard mash, repeated syllables and random
 * letters, the same for a seed: malloc'd, its size at *size; NULL when
 * out of memory. */
char *gl_non_language_text(uint64_t seed, size_t bytes, size_t *size);

#endif
