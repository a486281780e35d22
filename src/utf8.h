/* UTF-8 decoding that never fails and never reads past the buffer. */
#ifndef GLOSSA_UTF8_H
#define GLOSSA_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define GL_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[0 .. len), len >= 1, into *cp and returns the
 * bytes it took (1 to 4). An ill-formed sequence gives U+FFFD and takes its
 * maximal subpart (Unicode 15, section 3.9, "U+FFFD substitution of maximal
 * subparts"), at least one byte: overlongs, surrogates, values above
 * U+10FFFF, stray continuation bytes and truncated sequences. */
size_t gl_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

/* How many bytes at the end of s[0 .. len) (0 to 3) are the start of a
 * well-formed sequence that the buffer cuts short: a streaming reader keeps
 * them for the next chunk instead of decoding them as U+FFFD. */
size_t gl_utf8_incomplete_tail(const unsigned char *s, size_t len);

/* The start of the character that holds byte pos of s[0 .. len), as a
 * decode from the start sees it (len if pos >= len). Linear in pos. */
size_t gl_utf8_boundary_before(const unsigned char *s, size_t len, size_t pos);

#endif
