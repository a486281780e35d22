/* What the project's programs beside the library share: the trainer, the
 * evaluators and the benchmark driver. Header-only: each includes it once. */
#ifndef GLOSSA_TOOLS_COMMON_H
#define GLOSSA_TOOLS_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include <glossa.h>

/* realloc, or the end of the program with a message. */
static inline void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size);
    if (!q && size) {
        fputs("glossa: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

/* White space that separates words: ASCII and U+3000. */
static inline int is_word_space(const unsigned char *s, size_t len, size_t *width)
{
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n' || s[0] == '\v' || s[0] == '\f') {
        *width = 1;
        return 1;
    }
    if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
        *width = 3;
        return 1;
    }
    return 0;
}

/* The first `want` words of a line, as the evaluation and the benchmark cut
 * them (whitespace-separated tokens in which glossa finds a letter): returns
 * 1 with the byte range they span, or 0 when the line has fewer. */
static inline int first_words(glossa_detector *d, const char *line, size_t len, int want, size_t *begin,
                              size_t *end)
{
    const unsigned char *s = (const unsigned char *)line;
    int found = 0;
    size_t i = 0;
    while (i < len) {
        size_t w;
        while (i < len && is_word_space(s + i, len - i, &w))
            i += w;
        if (i >= len)
            break;
        size_t start = i;
        while (i < len && !is_word_space(s + i, len - i, &w))
            i++;
        glossa_guess g[1];
        glossa_result r;
        glossa_detect(d, line + start, i - start, NULL, g, 1, &r);
        if (r.letters == 0)
            continue;
        if (found == 0)
            *begin = start;
        *end = i;
        if (++found == want)
            return 1;
    }
    return 0;
}

#endif
