/* Unicode character properties that language identification needs: the
 * script, whether a character is a letter or a mark, and its lowercase. */
#ifndef GLOSSA_UNICODE_H
#define GLOSSA_UNICODE_H

#include <stdint.h>

/* Character classes. Apostrophes (U+0027, U+2019, U+02BC) count as letters
 * of the Common script: they belong to words in many orthographies. */
enum gl_char_class {
    GL_CLASS_OTHER = 0,  /* separators, punctuation, symbols, digits, controls */
    GL_CLASS_LETTER = 1, /* general category L*, plus the apostrophes above */
    GL_CLASS_MARK = 2    /* general category M* (vowel signs of Indic scripts, ...) */
};

/* Script ids index gl_script_codes. GL_SCRIPT_COMMON (Zyyy) and
 * GL_SCRIPT_INHERITED (Zinh) are fixed; the others follow the generated
 * table. */
#define GL_SCRIPT_UNKNOWN 0   /* Zzzz: unassigned code points */
#define GL_SCRIPT_COMMON 1    /* Zyyy */
#define GL_SCRIPT_INHERITED 2 /* Zinh */

/* Packed properties of a code point: script id in bits 0-7, class in bits
 * 8-9, and bit 10 set when the character has a different lowercase. */
#define GL_PROP_SCRIPT(p) ((p) & 0xFFu)
#define GL_PROP_CLASS(p) (((p) >> 8) & 0x3u)
#define GL_PROP_HAS_LOWER 0x400u

/* The generated two-stage property table (unicode_tables.c). */
extern const uint8_t gl_prop_stage1[0x1100];
extern const uint16_t gl_prop_stage2[][256];

/* Properties of cp; any uint32_t is accepted (above U+10FFFF: unknown,
 * class other). Inline: it is asked of every code point. */
static inline uint32_t gl_unicode_props(uint32_t cp)
{
    if (cp > 0x10FFFF)
        return GL_SCRIPT_UNKNOWN;
    return gl_prop_stage2[gl_prop_stage1[cp >> 8]][cp & 0xFF];
}
/* Simple (one to one) lowercase mapping of UnicodeData.txt; cp itself when
 * there is none. */
uint32_t gl_unicode_lower(uint32_t cp);
/* The letter under a Latin or Greek letter's diacritics ("é" gives "e",
 * "ệ" "e", "ά" "α"), following canonical decompositions; cp itself for
 * any other character. */
uint32_t gl_unicode_base(uint32_t cp);

/* Number of script ids, and the ISO 15924 code of each ("Latn"). */
extern const unsigned gl_script_count;
extern const char *const gl_script_codes[];
/* Script id of an ISO 15924 code (case-sensitive, "Latn"), or -1. */
int gl_script_from_code(const char *code);

#endif
