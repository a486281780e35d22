/* UTF-8 decoding that never fails and never reads past the buffer. */
#ifndef GLOSSA_UTF8_H
#define GLOSSA_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define GL_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[0 .. len), len >= 1, into *cp and returns the
 * bytes it took (1 to 4). An ill-formed sequence gives U+FFFD and takes its
 * maximal subpart (Unicode 15, section 3.9, "U+FFFD substitution of maximal
 * subparts"), at least one byte: overlongs, surrogates, values above
 * U+10FFFF, stray continuation bytes and truncated sequences. */
size_t gl_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

/* Writes the UTF-8 form of cp (a scalar value: U+D800..DFFF and values
 * above U+10FFFF are written as U+FFFD) to out and returns its bytes. */
size_t gl_utf8_encode(uint32_t cp, unsigned char out[4]);

/* gl_utf8_next, with the well-formed sequences of one to three bytes
 * decoded inline (the rest, ill-formed ones among them, by gl_utf8_next). */
static inline size_t gl_utf8_next_fast(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(b & 0x1F) << 6 | (uint32_t)(s[1] & 0x3F);
        return 2;
    }
    /* E0 and ED restrict their second byte (no overlongs, no surrogates);
     * E0 leads the Indic scripts and Thai, so it is decoded here too */
    if ((b & 0xF0) == 0xE0 && len >= 3 && s[1] >= (b == 0xE0 ? 0xA0 : 0x80) && s[1] <= (b == 0xED ? 0x9F : 0xBF) &&
        (s[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (uint32_t)(s[2] & 0x3F);
        return 3;
    }
    return gl_utf8_next(s, len, cp);
}

/* How many bytes at the end of s[0 .. len) (0 to 3) are the start of a
 * well-formed sequence that the buffer cuts short: a streaming reader keeps
 * them for the next chunk instead of decoding them as U+FFFD. */
size_t gl_utf8_incomplete_tail(const unsigned char *s, size_t len);

/* The start of the character that holds byte pos of s[0 .. len), as a
 * decode from the start sees it (len if pos >= len). Linear in pos. */
size_t gl_utf8_boundary_before(const unsigned char *s, size_t len, size_t pos);

/* A stream of chunks split anywhere, even inside a sequence: the bytes of
 * a sequence that a chunk's end cut short wait here for the next chunk. */
typedef struct gl_utf8_carry {
    unsigned char bytes[4];
    size_t len;
} gl_utf8_carry;

/* Called for each code point of a stream, with the bytes it took (1 to 4;
 * U+FFFD for an ill-formed sequence). */
typedef void (*gl_code_point_fn)(void *ctx, uint32_t cp, size_t nbytes);

/* Completes the carried sequence with the first bytes of s[0 .. len),
 * len >= 1. Returns the bytes of s it used; *nbytes is the length of the
 * code point it decoded into *cp, or 0 when the sequence is still cut
 * short. */
size_t gl_utf8_carry_complete(gl_utf8_carry *carry, const unsigned char *s, size_t len, uint32_t *cp,
                              size_t *nbytes);

/* Starts on the next chunk of a stream: completes the carried sequence
 * with the chunk's first bytes (calling fn for its code point), and carries
 * the bytes at the chunk's end that begin a sequence the chunk cuts short.
 * Returns where the chunk's own sequences begin; *end is where they end. */
static inline size_t gl_utf8_chunk(gl_utf8_carry *carry, const unsigned char *s, size_t len, gl_code_point_fn fn,
                                   void *ctx, size_t *end)
{
    size_t i = 0;
    while (carry->len && i < len) {
        uint32_t cp;
        size_t nbytes;
        i += gl_utf8_carry_complete(carry, s + i, len - i, &cp, &nbytes);
        if (nbytes)
            fn(ctx, cp, nbytes);
    }
    *end = len;
    if (i == len)
        return i;
    size_t keep = gl_utf8_incomplete_tail(s + i, len - i);
    *end = len - keep;
    if (keep)
        memcpy(carry->bytes, s + *end, keep);
    carry->len = keep;
    return i;
}

/* Decodes the next chunk of a stream, calling fn for every code point it
 * completes. Inline, so that a constant fn is inlined into the loop. */
static inline void gl_utf8_feed(gl_utf8_carry *carry, const unsigned char *s, size_t len, gl_code_point_fn fn,
                                void *ctx)
{
    size_t end, i = gl_utf8_chunk(carry, s, len, fn, ctx, &end);
    while (i < end) {
        uint32_t cp;
        size_t n = gl_utf8_next_fast(s + i, end - i, &cp);
        fn(ctx, cp, n);
        i += n;
    }
}

/* Ends a stream: carried bytes were a sequence the input cut short. */
static inline void gl_utf8_finish(gl_utf8_carry *carry, gl_code_point_fn fn, void *ctx)
{
    if (carry->len)
        fn(ctx, GL_REPLACEMENT, carry->len);
    carry->len = 0;
}

#endif
