/* A growable byte buffer for the CLI's output and decoded text, and the
 * CLI's UTF-8 helpers. */
#ifndef GLOSSA_CLI_STRBUF_H
#define GLOSSA_CLI_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

/* Room for n more bytes (exits on out of memory: the CLI cannot go on). */
void sb_reserve(strbuf *b, size_t n);
void sb_add(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void sb_printf(strbuf *b, const char *fmt, ...);
/* A JSON string of s[0 .. n): quotes, escapes, control characters as
 * \u00XX, ill-formed UTF-8 as \ufffd. */
void sb_json_string(strbuf *b, const char *s, size_t n);
void sb_free(strbuf *b);

/* Length of the well-formed UTF-8 sequence at s[0 .. n), or 0. */
size_t utf8_sequence(const unsigned char *s, size_t n);
/* Appends s[0 .. n) with each byte of ill-formed UTF-8 as U+FFFD. */
void sb_add_utf8(strbuf *b, const char *s, size_t n);
/* Code point cp (at most 0x10FFFF) as UTF-8 into out: its length. */
size_t utf8_encode(unsigned cp, char out[4]);

#endif
