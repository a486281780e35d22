/* Lookups in the generated Unicode tables (unicode_tables.c): lowercase,
 * base letters, canonical compositions, compatibility folds, lookalikes,
 * scripts. */
#include "unicode.h"

#include <string.h>

/* The generated tables (unicode_tables.c). */
extern const unsigned gl_lower_count;
extern const uint32_t gl_lower_pairs[][2];
extern const unsigned gl_base_count;
extern const uint32_t gl_base_pairs[][2];
extern const unsigned gl_compose_count;
extern const uint32_t gl_compose_triples[][3];
extern const unsigned gl_fold_count;
extern const uint32_t gl_fold_list[][GL_FOLD_MAX + 1];
extern const unsigned gl_lookalike_count;
extern const uint32_t gl_lookalike_triples[][3];

/* The row of a sorted table (count rows of width values) whose first
 * key_len values are key, by binary search; count when there is none. */
static size_t find_row(const uint32_t *rows, size_t width, size_t count, const uint32_t *key, size_t key_len)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const uint32_t *row = rows + mid * width;
        size_t k = 0;
        while (k < key_len && row[k] == key[k])
            k++;
        if (k < key_len && row[k] < key[k])
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && memcmp(rows + lo * width, key, key_len * sizeof *key) == 0 ? lo : count;
}

/* The second of the pair whose first is cp in a sorted list, or cp. */
static uint32_t look_up_pair(const uint32_t (*pairs)[2], size_t count, uint32_t cp)
{
    size_t at = find_row(pairs[0], 2, count, &cp, 1);
    return at < count ? pairs[at][1] : cp;
}

uint32_t gl_unicode_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    if (!(gl_unicode_props(cp) & GL_PROP_HAS_LOWER))
        return cp;
    return look_up_pair(gl_lower_pairs, gl_lower_count, cp);
}

uint32_t gl_unicode_base(uint32_t cp)
{
    return cp < 0xC0 ? cp : look_up_pair(gl_base_pairs, gl_base_count, cp);
}

/* Hangul syllables (Unicode's conjoining jamo algorithm). */
enum {
    HANGUL_FIRST = 0xAC00,
    HANGUL_LAST = 0xD7A3,
    LEAD_FIRST = 0x1100,
    LEADS = 19,
    VOWEL_FIRST = 0x1161,
    VOWELS = 21,
    TRAIL_BEFORE = 0x11A7, /* a syllable without a final consonant */
    TRAILS = 28,
};

uint32_t gl_unicode_compose(uint32_t a, uint32_t b)
{
    if (a - LEAD_FIRST < LEADS && b - VOWEL_FIRST < VOWELS)
        return HANGUL_FIRST + ((a - LEAD_FIRST) * VOWELS + (b - VOWEL_FIRST)) * TRAILS;
    if (a - HANGUL_FIRST <= HANGUL_LAST - HANGUL_FIRST && (a - HANGUL_FIRST) % TRAILS == 0 &&
        b - TRAIL_BEFORE - 1 < TRAILS - 1)
        return a + (b - TRAIL_BEFORE);
    const uint32_t pair[2] = {a, b};
    size_t at = find_row(gl_compose_triples[0], 3, gl_compose_count, pair, 2);
    return at < gl_compose_count ? gl_compose_triples[at][2] : 0;
}

unsigned gl_unicode_fold(uint32_t cp, uint32_t *out)
{
    if (!(gl_unicode_props(cp) & GL_PROP_FOLDS))
        return 0;
    size_t at = find_row(gl_fold_list[0], GL_FOLD_MAX + 1, gl_fold_count, &cp, 1);
    unsigned n = 0;
    while (at < gl_fold_count && n < GL_FOLD_MAX && gl_fold_list[at][n + 1]) {
        out[n] = gl_fold_list[at][n + 1];
        n++;
    }
    return n;
}

uint32_t gl_unicode_lookalike(uint32_t cp, unsigned script)
{
    const uint32_t key[2] = {cp, script};
    size_t at = find_row(gl_lookalike_triples[0], 3, gl_lookalike_count, key, 2);
    return at < gl_lookalike_count ? gl_lookalike_triples[at][2] : 0;
}

int gl_script_from_code(const char *code)
{
    for (unsigned s = 0; s < gl_script_count; s++)
        if (strcmp(gl_script_codes[s], code) == 0)
            return (int)s;
    return -1;
}
