#include "unicode.h"

#include <string.h>

/* The generated tables (unicode_tables.c). */
extern const unsigned gl_lower_count;
extern const uint32_t gl_lower_pairs[][2];
extern const unsigned gl_base_count;
extern const uint32_t gl_base_pairs[][2];

/* The second of the pair whose first is cp in a sorted list, or cp. */
static uint32_t look_up_pair(const uint32_t (*pairs)[2], size_t count, uint32_t cp)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pairs[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && pairs[lo][0] == cp ? pairs[lo][1] : cp;
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

int gl_script_from_code(const char *code)
{
    for (unsigned s = 0; s < gl_script_count; s++)
        if (strcmp(gl_script_codes[s], code) == 0)
            return (int)s;
    return -1;
}
