/* Looks up a language's number of writers in the generated priors table
 * (language_priors.c) by binary search, and makes the prior's log shares. */
#include <math.h>
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

void gl_log_writer_shares(const char *const *isos, size_t n, float *out)
{
    float most = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = logf(gl_language_writers(isos[i]));
        most = i == 0 || out[i] > most ? out[i] : most;
    }
    for (size_t i = 0; i < n; i++)
        out[i] -= most;
}
