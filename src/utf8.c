/* UTF-8 decoding, by maximal subparts (Unicode 15, 3.9), for whole texts
 * and for texts that arrive in pieces; and encoding (utf8.h). */
#include "utf8.h"

#include <string.h>

/* Length of the sequence a lead byte starts (0: not a lead byte), and the
 * range its second byte must lie in (Unicode table 3-7). */
static int lead_info(unsigned char b, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0)
            *lo = 0xA0;
        else if (b == 0xED)
            *hi = 0x9F;
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0)
            *lo = 0x90;
        else if (b == 0xF4)
            *hi = 0x8F;
        return 4;
    }
    return 0;
}

size_t gl_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b = s[0], lo, hi;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    int need = lead_info(b, &lo, &hi);
    *cp = GL_REPLACEMENT;
    if (need == 0)
        return 1;
    uint32_t value = b & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
    for (int i = 1; i < need; i++) {
        if ((size_t)i >= len)
            return (size_t)i; /* truncated: the maximal subpart */
        unsigned char c = s[i];
        if (c < lo || c > hi)
            return (size_t)i;
        value = value << 6 | (c & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = value;
    return (size_t)need;
}

size_t gl_utf8_incomplete_tail(const unsigned char *s, size_t len)
{
    /* Look at the last up-to-3 bytes for a lead byte whose valid sequence
     * runs past the end. */
    for (size_t back = 1; back <= 3 && back <= len; back++) {
        size_t start = len - back;
        unsigned char lo, hi;
        int need = lead_info(s[start], &lo, &hi);
        if (need == 0) {
            if (s[start] >= 0x80 && s[start] <= 0xBF)
                continue; /* a continuation byte: the lead is further back */
            return 0;
        }
        if ((size_t)need <= back)
            return 0; /* complete (or already ill-formed) */
        for (size_t i = start + 1; i < len; i++) {
            if (s[i] < lo || s[i] > hi)
                return 0;
            lo = 0x80;
            hi = 0xBF;
        }
        return back;
    }
    return 0;
}

size_t gl_utf8_encode(uint32_t cp, unsigned char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = GL_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t gl_utf8_boundary_before(const unsigned char *s, size_t len, size_t pos)
{
    /* Decoding from the start is the definition of a boundary, and is
     * exact for ill-formed input too; callers use it on short lines. */
    if (pos >= len)
        return len;
    size_t at = 0;
    for (;;) {
        uint32_t cp;
        size_t used = gl_utf8_next(s + at, len - at, &cp);
        if (at + used > pos)
            return at;
        at += used;
    }
}

size_t gl_utf8_carry_complete(gl_utf8_carry *carry, const unsigned char *s, size_t len, uint32_t *cp,
                              size_t *nbytes)
{
    unsigned char joined[8];
    size_t take = len < 4 - carry->len ? len : 4 - carry->len;
    memcpy(joined, carry->bytes, carry->len);
    memcpy(joined + carry->len, s, take);
    size_t n = carry->len + take;
    if (gl_utf8_incomplete_tail(joined, n) == n) { /* still cut short */
        memcpy(carry->bytes, joined, n);
        carry->len = n;
        *nbytes = 0;
        return take;
    }
    size_t used = gl_utf8_next(joined, n, cp);
    /* The carried bytes are a valid prefix, so decoding takes all of them. */
    size_t from_chunk = used > carry->len ? used - carry->len : 0;
    *nbytes = used;
    carry->len = 0;
    return from_chunk;
}
