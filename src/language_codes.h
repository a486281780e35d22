/* ISO 639 codes, what each stands for, and the script a language is likely
 * written in, in a region: the tables that langset.c matches tags with,
 * generated into language_codes.c by tools/gen_language_codes.py from
 * Debian's iso-codes, the IANA language subtag registry and CLDR. */
#ifndef GLOSSA_LANGUAGE_CODES_H
#define GLOSSA_LANGUAGE_CODES_H

#include <stddef.h>

typedef struct {
    char code[4];        /* ISO 639-3, or ISO 639-2 for a group of languages ("sla") */
    const char *name;    /* English: "German", "Malay (macrolanguage)" */
    /* The codes a model may hold this language under when it does not hold
     * the code itself, space-separated: its macrolanguage, or a
     * macrolanguage's members, and a code that replaces it or that it
     * replaces ("fil" for "tgl"). */
    const char *related;
} gl_iso639_language;

/* A code that stands for a language of gl_iso639_languages: ISO 639-1 ("de"),
 * ISO 639-2/B ("ger"), or a code no longer current ("iw"). */
typedef struct {
    char alias[4];
    char code[4];
} gl_iso639_alias;

/* The script a language is likely written in: in a region (ISO 3166 or
 * UN M.49), or by default (region ""). Only languages that some region
 * writes in another script than the default are listed. */
typedef struct {
    char code[4]; /* as in gl_iso639_languages */
    char region[4];
    char script[5]; /* ISO 15924 */
} gl_likely_script;

/* Each sorted by its first field (then region) in strcmp order. */
extern const gl_iso639_language gl_iso639_languages[];
extern const size_t gl_iso639_language_count;
extern const gl_iso639_alias gl_iso639_aliases[];
extern const size_t gl_iso639_alias_count;
extern const gl_likely_script gl_likely_scripts[];
extern const size_t gl_likely_script_count;

#endif
