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
 * 8-9, bit 10 set when the character has a different lowercase, bit 11 when
 * it composes with the character before it (NFC: a combining mark, a Hangul
 * vowel or final), bit 12 when it has a compatibility fold. */
#define GL_PROP_SCRIPT(p) ((p) & 0xFFu)
#define GL_PROP_CLASS(p) (((p) >> 8) & 0x3u)
#define GL_PROP_HAS_LOWER 0x400u
#define GL_PROP_COMPOSES 0x800u
#define GL_PROP_FOLDS 0x1000u

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
/* Line breaks: LF, VT, FF, CR, NEL, LINE and PARAGRAPH SEPARATOR. */
static inline int gl_unicode_is_line_break(uint32_t cp)
{
    return (cp >= 0x0A && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* White space: tab, line breaks and the space separators (Zs). */
static inline int gl_unicode_is_space(uint32_t cp)
{
    return cp == 0x20 || cp == 0x09 || gl_unicode_is_line_break(cp) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Simple (one to one) lowercase mapping of UnicodeData.txt; cp itself when
 * there is none. */
uint32_t gl_unicode_lower(uint32_t cp);
/* The letter under a Latin or Greek letter's diacritics ("é" gives "e",
 * "ệ" "e", "ά" "α"), following canonical decompositions; cp itself for
 * any other character. */
uint32_t gl_unicode_base(uint32_t cp);

/* The canonical composition of a and b (NFC: "e" and U+0301 give "é", a
 * Hangul consonant and vowel their syllable), or 0 when there is none. */
uint32_t gl_unicode_compose(uint32_t a, uint32_t b);
/* The compatibility fold of cp (NFKC's mapping, for letters only:
 * fullwidth "Ａ" gives "A", "ﬁ" gives "fi", mathematical bold "𝐚" gives
 * "a"): writes its 1 to GL_FOLD_MAX code points to out and returns how
 * many, or 0 when cp has none. */
#define GL_FOLD_MAX 3
unsigned gl_unicode_fold(uint32_t cp, uint32_t *out);

/* The letter of script (a script id) that cp, a letter of Latin, Cyrillic
 * or Greek, looks like (Unicode's confusables: Latin "e" gives Cyrillic
 * "е", Latin "ă" Cyrillic "ӑ", Greek "ͻ" Latin "ɔ"), or 0 when it looks
 * like none. */
uint32_t gl_unicode_lookalike(uint32_t cp, unsigned script);

/* Number of script ids, and the ISO 15924 code of each ("Latn"). */
extern const unsigned gl_script_count;
extern const char *const gl_script_codes[];
/* Han characters that only Japanese writes (Japanese forms such as 駅 図
 * 経, absent from the Chinese character sets) have a script of their own,
 * in ISO 15924's private range. */
#define GL_JAPANESE_HAN_CODE "Qaaj"
/* Script id of an ISO 15924 code (case-sensitive, "Latn"), or -1. */
int gl_script_from_code(const char *code);

#endif
