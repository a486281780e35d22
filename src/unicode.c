#include "unicode.h"

#include <string.h>

/* The generated tables (unicode_tables.c). */
extern const unsigned gl_lower_count;
extern const uint32_t gl_lower_pairs[][2];

uint32_t gl_unicode_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    if (!(gl_unicode_props(cp) & GL_PROP_HAS_LOWER))
        return cp;
    size_t lo = 0, hi = gl_lower_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (gl_lower_pairs[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < gl_lower_count && gl_lower_pairs[lo][0] == cp ? gl_lower_pairs[lo][1] : cp;
}

int gl_script_from_code(const char *code)
{
    for (unsigned s = 0; s < gl_script_count; s++)
        if (strcmp(gl_script_codes[s], code) == 0)
            return (int)s;
    return -1;
}
