/* UTF-8 decoding: well-formed sequences, every kind of ill-formed one
 * (U+FFFD per maximal subpart), and never a read past the buffer. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "utf8.h"

/* Decodes a buffer held in a heap block of exactly its size (so ASan sees
 * any read past it) into cps; returns how many. */
static size_t decode(const char *bytes, size_t len, uint32_t *cps)
{
    unsigned char *exact = malloc(len ? len : 1);
    memcpy(exact, bytes, len);
    size_t n = 0;
    for (size_t i = 0; i < len;)
        i += gl_utf8_next(exact + i, len - i, &cps[n++]);
    free(exact);
    return n;
}

static int decodes_to(const char *bytes, size_t len, const uint32_t *want, size_t n_want)
{
    uint32_t got[64];
    size_t n = decode(bytes, len, got);
    return n == n_want && memcmp(got, want, n * sizeof *got) == 0;
}

#define DECODES(bytes, ...)                                                              \
    CHECK(decodes_to(bytes, sizeof bytes - 1, (const uint32_t[]){__VA_ARGS__},           \
                     sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)))

int main(void)
{
    const uint32_t R = GL_REPLACEMENT;
    DECODES("a", 'a');
    DECODES("\0", 0);
    DECODES("\xc3\xa9", 0xE9);
    DECODES("\xe2\x82\xac", 0x20AC);
    DECODES("\xf0\x9f\x98\x80", 0x1F600);
    DECODES("\xf4\x8f\xbf\xbf", 0x10FFFF);
    /* The example of Unicode 15, section 3.9 (U+FFFD substitution). */
    DECODES("\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64", 0x61, R, R, R, 0x62, R, 0x63, R, R, 0x64);
    DECODES("\xe2\x82" "A", R, 'A');           /* truncated, then ASCII */
    DECODES("\x80", R);                        /* stray continuation */
    DECODES("\xf0\x80", R, R);                 /* 80 cannot follow F0 */
    DECODES("\xc0\xaf", R, R);                 /* overlong */
    DECODES("\xe0\x80\xaf", R, R, R);          /* overlong */
    DECODES("\xed\xa0\x80", R, R, R);          /* surrogate */
    DECODES("\xf4\x90\x80\x80", R, R, R, R);   /* above U+10FFFF */
    DECODES("\xf5\xff\xfe", R, R, R);
    DECODES("\xe2\x82", R);                    /* truncated at the end */

    /* Incomplete tails: kept for the next chunk only if they can complete. */
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"ab\xe2\x82", 4) == 2);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"ab\xf0\x9f\x98", 5) == 3);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"ab\xc3", 3) == 1);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"ab\xe2\x82\xac", 5) == 0);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"\xe0\x80", 2) == 0);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"\xf4\x90", 2) == 0);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"abc", 3) == 0);
    CHECK(gl_utf8_incomplete_tail((const unsigned char *)"", 0) == 0);

    /* Boundaries agree with decoding from the start, on a mixed buffer. */
    const unsigned char mixed[] = "a\xc3\xa9\xe2\x82\xac\x80\xf0\x9f\x98\x80\xe2\x82z\xed\xa0\x80";
    size_t len = sizeof mixed - 1, starts[64], n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        starts[n++] = i;
        i += gl_utf8_next(mixed + i, len - i, &cp);
    }
    int agree = 1;
    for (size_t pos = 0; pos < len; pos++) {
        size_t expect = 0;
        for (size_t k = 0; k < n && starts[k] <= pos; k++)
            expect = starts[k];
        agree &= gl_utf8_boundary_before(mixed, len, pos) == expect;
    }
    CHECK(agree);
    CHECK(gl_utf8_boundary_before(mixed, len, len + 5) == len);

    /* The inline decoder reads every sequence of up to three bytes, cut
     * short or not, as gl_utf8_next does. */
    int same = 1;
    for (uint32_t v = 0; v < (1u << 24); v++) {
        const unsigned char seq[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
        for (size_t take = 1; take <= 3; take++) {
            uint32_t slow, fast;
            size_t n_slow = gl_utf8_next(seq, take, &slow), n_fast = gl_utf8_next_fast(seq, take, &fast);
            same &= n_slow == n_fast && slow == fast;
        }
    }
    CHECK(same);

    /* Encoding then decoding gives every scalar value back; surrogates and
     * values past U+10FFFF are written as U+FFFD. */
    int round_trip = 1;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        unsigned char buf[4];
        uint32_t back;
        size_t bytes = gl_utf8_encode(cp, buf);
        round_trip &= gl_utf8_next(buf, bytes, &back) == bytes && back == cp;
    }
    CHECK(round_trip);
    unsigned char buf[4];
    CHECK(gl_utf8_encode(0xD800, buf) == 3 && memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
    CHECK(gl_utf8_encode(0x110000, buf) == 3 && memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
    TEST_MAIN_END("utf8");
}
