/* The CLI's input: files and standard input, plain or compressed (gzip,
 * zstd, bzip2, xz), UTF-8 or UTF-16 with a byte-order mark, read in chunks
 * as UTF-8 (input.h). */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strbuf.h"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#define RAW_CHUNK (64 * 1024)
/* The decoded bytes looked at to tell text from binary data. */
#define SNIFF_BYTES 4096

enum kind { PLAIN, GZIP, ZSTD, BZIP2, XZ };
enum encoding { UTF8, UTF16LE, UTF16BE };

struct input {
    FILE *f;
    int is_stdin;
    enum kind kind;
    int64_t size;
    uint64_t consumed;
    /* raw bytes read but not used yet */
    unsigned char raw[RAW_CHUNK];
    size_t raw_pos, raw_len;
    int raw_eof;
    z_stream z;
    int z_end; /* a gzip member ended; more may follow */
    ZSTD_DCtx *zd;
    int zstd_frame_open;
    bz_stream bz;
    int bz_end;
    lzma_stream xz;
    /* the decoded content: its encoding, known after the first bytes */
    enum encoding encoding;
    int sniffed;
    unsigned char pending[4]; /* UTF-16 bytes not decoded yet */
    size_t n_pending;
    const char *name;
    char error[128];
};

static int fill_raw(input *in)
{
    if (in->raw_pos < in->raw_len || in->raw_eof)
        return 0;
    in->raw_pos = 0;
    in->raw_len = fread(in->raw, 1, sizeof in->raw, in->f);
    in->consumed += in->raw_len;
    if (in->raw_len == 0) {
        if (ferror(in->f)) {
            snprintf(in->error, sizeof in->error, "%s", strerror(errno));
            return -1;
        }
        in->raw_eof = 1;
    }
    return 0;
}

input *input_open(const char *path)
{
    input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->is_stdin = strcmp(path, "-") == 0;
    in->name = in->is_stdin ? "(stdin)" : path;
    in->f = in->is_stdin ? stdin : fopen(path, "rb");
    if (!in->f) {
        int e = errno;
        free(in);
        errno = e;
        return NULL;
    }
    struct stat st;
    in->size = fstat(fileno(in->f), &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
    /* The first bytes tell the format; fread until 6 are there or the end. */
    while (in->raw_len < 6) {
        size_t got = fread(in->raw + in->raw_len, 1, sizeof in->raw - in->raw_len, in->f);
        if (got == 0)
            break;
        in->raw_len += got;
    }
    in->consumed = in->raw_len;
    if (in->raw_len >= 2 && in->raw[0] == 0x1F && in->raw[1] == 0x8B) {
        in->kind = GZIP;
        if (inflateInit2(&in->z, 15 + 16) != Z_OK)
            snprintf(in->error, sizeof in->error, "cannot start gzip decompression");
    } else if (in->raw_len >= 4 && in->raw[0] == 0x28 && in->raw[1] == 0xB5 && in->raw[2] == 0x2F &&
               in->raw[3] == 0xFD) {
        in->kind = ZSTD;
        in->zd = ZSTD_createDCtx();
        if (!in->zd)
            snprintf(in->error, sizeof in->error, "cannot start zstd decompression");
    } else if (in->raw_len >= 3 && memcmp(in->raw, "BZh", 3) == 0) {
        in->kind = BZIP2;
        if (BZ2_bzDecompressInit(&in->bz, 0, 0) != BZ_OK)
            snprintf(in->error, sizeof in->error, "cannot start bzip2 decompression");
    } else if (in->raw_len >= 6 && memcmp(in->raw, "\xFD" "7zXZ\0", 6) == 0) {
        in->kind = XZ;
        in->xz = (lzma_stream)LZMA_STREAM_INIT;
        if (lzma_stream_decoder(&in->xz, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
            snprintf(in->error, sizeof in->error, "cannot start xz decompression");
    }
    return in;
}

static long read_gzip(input *in, char *buf, size_t n)
{
    in->z.next_out = (unsigned char *)buf;
    in->z.avail_out = (unsigned)(n > 1u << 30 ? 1u << 30 : n);
    size_t want = in->z.avail_out;
    while (in->z.avail_out == want) {
        if (fill_raw(in) < 0)
            return -1;
        int at_end = in->raw_pos == in->raw_len;
        if (at_end && in->z_end)
            break;
        if (in->z_end) { /* another member follows */
            inflateReset(&in->z);
            in->z_end = 0;
        }
        in->z.next_in = in->raw + in->raw_pos;
        in->z.avail_in = (unsigned)(in->raw_len - in->raw_pos);
        int rc = inflate(&in->z, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->z.avail_in;
        if (rc == Z_STREAM_END) {
            in->z_end = 1;
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && !at_end)) {
            snprintf(in->error, sizeof in->error, "%s",
                     at_end ? "truncated gzip data" : in->z.msg ? in->z.msg : "corrupt gzip data");
            return -1;
        }
        if (at_end && in->z.avail_out == want && !in->z_end) {
            snprintf(in->error, sizeof in->error, "truncated gzip data");
            return -1;
        }
    }
    return (long)(want - in->z.avail_out);
}

static long read_zstd(input *in, char *buf, size_t n)
{
    ZSTD_outBuffer out = {buf, n, 0};
    while (out.pos == 0) {
        if (fill_raw(in) < 0)
            return -1;
        int at_end = in->raw_pos == in->raw_len;
        if (at_end && !in->zstd_frame_open)
            break;
        ZSTD_inBuffer zin = {in->raw, in->raw_len, in->raw_pos};
        size_t rc = ZSTD_decompressStream(in->zd, &out, &zin);
        in->raw_pos = zin.pos;
        if (ZSTD_isError(rc)) {
            snprintf(in->error, sizeof in->error, "corrupt zstd data (%s)", ZSTD_getErrorName(rc));
            return -1;
        }
        in->zstd_frame_open = rc != 0;
        if (at_end && out.pos == 0) {
            snprintf(in->error, sizeof in->error, "truncated zstd data");
            return -1;
        }
    }
    return (long)out.pos;
}

/* bzip2 files may hold several streams, as bzip2 -d reads them. */
static long read_bzip2(input *in, char *buf, size_t n)
{
    in->bz.next_out = buf;
    in->bz.avail_out = (unsigned)(n > 1u << 30 ? 1u << 30 : n);
    unsigned want = in->bz.avail_out;
    while (in->bz.avail_out == want) {
        if (fill_raw(in) < 0)
            return -1;
        int at_end = in->raw_pos == in->raw_len;
        if (at_end && in->bz_end)
            break;
        if (in->bz_end) { /* another stream follows */
            BZ2_bzDecompressEnd(&in->bz);
            if (BZ2_bzDecompressInit(&in->bz, 0, 0) != BZ_OK) {
                snprintf(in->error, sizeof in->error, "cannot start bzip2 decompression");
                return -1;
            }
            in->bz.next_out = buf;
            in->bz.avail_out = want;
            in->bz_end = 0;
        }
        in->bz.next_in = (char *)in->raw + in->raw_pos;
        in->bz.avail_in = (unsigned)(in->raw_len - in->raw_pos);
        int rc = BZ2_bzDecompress(&in->bz);
        in->raw_pos = in->raw_len - in->bz.avail_in;
        if (rc == BZ_STREAM_END) {
            in->bz_end = 1;
        } else if (rc != BZ_OK) {
            snprintf(in->error, sizeof in->error, "corrupt bzip2 data");
            return -1;
        } else if (at_end && in->bz.avail_out == want) {
            snprintf(in->error, sizeof in->error, "truncated bzip2 data");
            return -1;
        }
    }
    return (long)(want - in->bz.avail_out);
}

static long read_xz(input *in, char *buf, size_t n)
{
    in->xz.next_out = (uint8_t *)buf;
    in->xz.avail_out = n;
    while (in->xz.avail_out == n) {
        if (fill_raw(in) < 0)
            return -1;
        int at_end = in->raw_pos == in->raw_len;
        in->xz.next_in = in->raw + in->raw_pos;
        in->xz.avail_in = in->raw_len - in->raw_pos;
        lzma_ret rc = lzma_code(&in->xz, at_end ? LZMA_FINISH : LZMA_RUN);
        in->raw_pos = in->raw_len - in->xz.avail_in;
        if (rc == LZMA_STREAM_END)
            break;
        if (rc != LZMA_OK) {
            snprintf(in->error, sizeof in->error, "%s xz data",
                     rc == LZMA_BUF_ERROR ? "truncated" : "corrupt");
            return -1;
        }
    }
    return (long)(n - in->xz.avail_out);
}

/* The file's bytes, decompressed. */
static long read_bytes(input *in, char *buf, size_t n)
{
    if (in->kind == GZIP)
        return read_gzip(in, buf, n);
    if (in->kind == ZSTD)
        return read_zstd(in, buf, n);
    if (in->kind == BZIP2)
        return read_bzip2(in, buf, n);
    if (in->kind == XZ)
        return read_xz(in, buf, n);
    if (in->raw_pos < in->raw_len) { /* the bytes read to tell the format */
        size_t take = in->raw_len - in->raw_pos < n ? in->raw_len - in->raw_pos : n;
        memcpy(buf, in->raw + in->raw_pos, take);
        in->raw_pos += take;
        return (long)take;
    }
    size_t got = fread(buf, 1, n, in->f);
    in->consumed += got;
    if (got == 0 && ferror(in->f)) {
        snprintf(in->error, sizeof in->error, "%s", strerror(errno));
        return -1;
    }
    return (long)got;
}

/* Reads into buf until n bytes are there or the content ends. */
static long read_full(input *in, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        long r = read_bytes(in, buf + got, n - got);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long)got;
}

static long read_utf16(input *in, char *buf, size_t n);

/* Warns, once, when the first bytes look like binary data rather than
 * text: NUL bytes (every other byte, as UTF-16 without a byte-order mark
 * has them) or much that is not UTF-8. The content is labelled anyway. */
static void warn_if_binary(const input *in, const unsigned char *p, size_t n)
{
    size_t nul = 0, nul_even = 0, invalid = 0;
    for (size_t i = 0; i < n; i++) {
        nul += p[i] == 0;
        nul_even += p[i] == 0 && i % 2 == 0;
    }
    for (size_t i = 0; i < n;) {
        size_t len = p[i] < 0x80 ? 1 : utf8_sequence(p + i, n - i);
        invalid += len == 0 && n - i >= 4; /* a sequence cut by the sniff's end is not counted */
        i += len ? len : 1;
    }
    if (n >= 8 && nul * 4 >= n && (nul_even * 10 >= nul * 9 || nul_even * 10 <= nul))
        fprintf(stderr, "glossa: %s: warning: looks like UTF-16 without a byte-order mark (read as UTF-8); "
                        "convert it with iconv -f UTF-16LE or -f UTF-16BE\n", in->name);
    else if (n > 0 && (nul * 100 >= n || invalid * 10 >= n))
        fprintf(stderr, "glossa: %s: warning: looks like binary data, not text (of its first %zu bytes, %zu %s NUL "
                        "and %zu not UTF-8); labelled as it is\n", in->name, n, nul, nul == 1 ? "is" : "are", invalid);
}

/* The first bytes of the content: a UTF-16 byte-order mark picks the
 * encoding; UTF-8 is checked by warn_if_binary (its byte-order mark, not a
 * letter, is kept, so that offsets stay the file's). Returns the UTF-8 bytes
 * it leaves in buf (n >= 4). */
static long sniff(input *in, char *buf, size_t n)
{
    in->sniffed = 1;
    unsigned char head[4];
    long got = read_full(in, (char *)head, sizeof head);
    if (got < 0)
        return -1;
    size_t bom = 0;
    if (got >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        in->encoding = UTF16LE, bom = 2;
    else if (got >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        in->encoding = UTF16BE, bom = 2;
    size_t rest = (size_t)got - bom;
    if (in->encoding != UTF8) { /* decoded with what follows */
        memcpy(in->pending, head + bom, rest);
        in->n_pending = rest;
        return read_utf16(in, buf, n);
    }
    memcpy(buf, head + bom, rest);
    long more = rest < sizeof head - bom ? 0 : read_full(in, buf + rest, (n < SNIFF_BYTES ? n : SNIFF_BYTES) - rest);
    if (more < 0)
        return -1;
    warn_if_binary(in, (const unsigned char *)buf, rest + (size_t)more);
    return (long)rest + more;
}

/* UTF-16 in[0 .. n) as UTF-8 into out (room for 3 bytes per unit: a pair
 * of surrogates is 4 bytes in, 4 out), a unit or pair cut at the end kept
 * in in->pending; lone surrogates become U+FFFD. Returns the bytes written. */
static size_t utf16_to_utf8(input *in, const unsigned char *src, size_t n, char *out, int at_end)
{
    size_t i = 0, o = 0;
    int big = in->encoding == UTF16BE;
    while (i + 2 <= n) {
        uint32_t u = big ? (uint32_t)src[i] << 8 | src[i + 1] : (uint32_t)src[i + 1] << 8 | src[i];
        size_t used = 2;
        if (u >= 0xD800 && u < 0xDC00) {
            if (i + 4 > n && !at_end)
                break; /* its pair is in the next read */
            uint32_t low = i + 4 > n ? 0 : big ? (uint32_t)src[i + 2] << 8 | src[i + 3]
                                               : (uint32_t)src[i + 3] << 8 | src[i + 2];
            if (low >= 0xDC00 && low < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                used = 4;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xDC00 && u < 0xE000) {
            u = 0xFFFD;
        }
        o += utf8_encode(u, out + o);
        i += used;
    }
    if (at_end && i < n) /* an odd byte at the end */
        o += utf8_encode(0xFFFD, out + o), i = n;
    in->n_pending = n - i;
    memcpy(in->pending, src + i, in->n_pending);
    return o;
}

/* Reads UTF-16 and gives UTF-8: at most n / 3 units at a time, so that
 * they fit in buf as UTF-8. */
static long read_utf16(input *in, char *buf, size_t n)
{
    unsigned char units[RAW_CHUNK];
    size_t want = n / 3 < sizeof units ? n / 3 : sizeof units;
    want &= ~(size_t)1;
    if (want < 4)
        want = 4;
    for (;;) {
        memcpy(units, in->pending, in->n_pending);
        long got = read_bytes(in, (char *)units + in->n_pending, want - in->n_pending);
        if (got < 0)
            return -1;
        size_t have = in->n_pending + (size_t)got;
        size_t out = utf16_to_utf8(in, units, have, buf, got == 0);
        if (out > 0 || got == 0)
            return (long)out;
    }
}

long input_read(input *in, char *buf, size_t n)
{
    if (in->error[0])
        return -1;
    if (!in->sniffed)
        return sniff(in, buf, n);
    if (in->encoding != UTF8)
        return read_utf16(in, buf, n);
    return read_bytes(in, buf, n);
}

const char *input_error(const input *in) { return in->error; }

uint64_t input_consumed(const input *in) { return in->consumed; }


void input_close(input *in)
{
    if (!in)
        return;
    if (in->kind == GZIP)
        inflateEnd(&in->z);
    if (in->kind == BZIP2)
        BZ2_bzDecompressEnd(&in->bz);
    if (in->kind == XZ)
        lzma_end(&in->xz);
    ZSTD_freeDCtx(in->zd);
    if (!in->is_stdin)
        fclose(in->f);
    free(in);
}
