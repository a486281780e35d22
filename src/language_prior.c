/* Looks up a language's number of writers in the generated priors table (language_priors.c) by binary search. */
#include <string.h>

#include "language_priors.h"

float gl_language_writers(const char *iso)
{
    if (!iso)
        return GL_PRIOR_FLOOR_WRITERS;
    size_t lo = 0, hi = gl_language_prior_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(iso, gl_language_priors[mid].iso);
        if (c == 0)
            return gl_language_priors[mid].writers;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return GL_PRIOR_FLOOR_WRITERS;
}
